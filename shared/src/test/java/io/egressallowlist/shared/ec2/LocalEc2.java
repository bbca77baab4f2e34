package io.egressallowlist.shared.ec2;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.ec2.Ec2Emulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The EC2 emulator on a loopback port and the SDK's {@link Ec2Client} pointed at it (EC2 Query, XML). */
record LocalEc2(Ec2Emulator emulator, AwsJsonServer server, Ec2Client client) implements AutoCloseable {

    static LocalEc2 start() {
        Ec2Emulator emulator = Ec2Emulator.create();
        AwsJsonServer server;
        try {
            server = AwsJsonServer.start(0, List.of(), List.of(emulator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Ec2Client client = Ec2Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
        return new LocalEc2(emulator, server, client);
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
