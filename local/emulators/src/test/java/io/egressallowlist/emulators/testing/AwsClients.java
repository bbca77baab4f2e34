package io.egressallowlist.emulators.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

import java.net.URI;
import java.time.Duration;

/** Real SDK v2 clients pointed at a local emulator, configured the way the Lambdas configure theirs. */
public final class AwsClients {

    public static final Region REGION = Region.US_EAST_1;
    /** The standard retry strategy's attempt count; tests rely on it for fault injection. */
    public static final int MAX_ATTEMPTS = 3;

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAEMULATORTEST0000", "emulator-test-secret-not-a-real-key"));

    private AwsClients() {
    }

    public static SageMakerClient sageMaker(URI endpoint) {
        return local(SageMakerClient.builder(), endpoint);
    }

    public static Ec2Client ec2(URI endpoint) {
        return local(Ec2Client.builder(), endpoint);
    }

    public static EventBridgeClient eventBridge(URI endpoint) {
        return local(EventBridgeClient.builder(), endpoint);
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(B builder, URI endpoint) {
        return builder
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(fastRetries())
                .build();
    }

    /** The SDK's standard retry rules, with millisecond back-off so that fault tests stay fast. */
    private static ClientOverrideConfiguration fastRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                        .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                        .circuitBreakerEnabled(false)
                        .build())
                .build();
    }
}
