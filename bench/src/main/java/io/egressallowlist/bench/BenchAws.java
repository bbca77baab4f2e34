package io.egressallowlist.bench;

import io.egressallowlist.emulators.dynalite.Dynalite;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.io.IOException;

/**
 * Local AWS for a benchmark: dynalite and the Network Firewall emulator, each in its own process on
 * loopback, reached through the same SDK clients and HTTP client the firewall-sync function uses, with a
 * {@link CallMeter} on both.
 */
final class BenchAws implements AutoCloseable {

    final CallMeter meter = new CallMeter();
    final DynamoDbClient dynamo;
    final NetworkFirewallClient firewall;
    private final Dynalite dynalite;
    private final EmulatorProcess emulator;

    private BenchAws(Dynalite dynalite, EmulatorProcess emulator) {
        this.dynalite = dynalite;
        this.emulator = emulator;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
        this.dynamo = DynamoDbClient.builder()
                .endpointOverride(dynalite.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(meter))
                .build();
        this.firewall = NetworkFirewallClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(meter))
                .build();
    }

    static BenchAws start() throws IOException {
        Dynalite dynalite = Dynalite.start();
        try {
            return new BenchAws(dynalite, EmulatorProcess.start());
        } catch (IOException | RuntimeException e) {
            dynalite.close();
            throw e;
        }
    }

    @Override
    public void close() {
        dynamo.close();
        firewall.close();
        emulator.close();
        dynalite.close();
    }
}
