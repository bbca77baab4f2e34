package io.egressallowlist.bench;

import io.egressallowlist.emulators.dynalite.Dynalite;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.io.IOException;
import java.net.URI;

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
        this.dynamo = metered(DynamoDbClient.builder(), dynalite.endpoint());
        this.firewall = metered(NetworkFirewallClient.builder(), emulator.endpoint());
    }

    /** A client of {@code endpoint} on the functions' HTTP client, with every call counted by {@link #meter}. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C metered(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
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
