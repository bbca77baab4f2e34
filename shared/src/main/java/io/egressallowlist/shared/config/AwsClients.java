package io.egressallowlist.shared.config;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the SDK clients one container needs, once, with everything explicit (aws-api-notes §6): the
 * region from configuration, credentials from the environment Lambda sets (static dummies against local
 * endpoints), the URL-connection HTTP client, and the endpoint overrides of the sandbox. Nothing probes
 * the default provider chains.
 */
public final class AwsClients {

    private final ControlPlaneConfig config;
    private final AwsCredentialsProvider credentials;
    // Built with the first client: creating it sets up the TLS context (the JDK's trust store), a visible share
    // of a cold start, which buildInBackground moves off the handler's thread with the clients.
    private SdkHttpClient http;

    // Each client is built once, on first use, and shared by everything in the container: callers may ask
    // for the same client more than once without paying its construction again at start-up.
    private final Map<Class<?>, Object> built = new HashMap<>();

    public AwsClients(ControlPlaneConfig config) {
        this.config = config;
        boolean local = config.awsEndpoint().isPresent() || config.dynamoEndpoint().isPresent();
        this.credentials = local
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : EnvironmentVariableCredentialsProvider.create();
    }

    public DynamoDbClient dynamo() {
        return built(DynamoDbClient.class, () -> configure(DynamoDbClient.builder(), config.dynamoEndpoint()).build());
    }

    public NetworkFirewallClient networkFirewall() {
        return built(NetworkFirewallClient.class, () -> configure(NetworkFirewallClient.builder(), config.awsEndpoint()).build());
    }

    public SageMakerClient sageMaker() {
        return built(SageMakerClient.class, () -> configure(SageMakerClient.builder(), config.awsEndpoint()).build());
    }

    public EventBridgeClient eventBridge() {
        return built(EventBridgeClient.class, () -> configure(EventBridgeClient.builder(), config.awsEndpoint()).build());
    }

    public Ec2Client ec2() {
        return built(Ec2Client.class, () -> configure(Ec2Client.builder(), config.awsEndpoint()).build());
    }

    public SecretsManagerClient secretsManager() {
        return built(SecretsManagerClient.class, () -> configure(SecretsManagerClient.builder(), config.awsEndpoint()).build());
    }

    /**
     * Starts building {@code clients} (for example {@code AwsClients::dynamo}) on one background thread and
     * returns at once. Clients are built under one lock, so a handler that asks for a client still being built waits
     * for it, and gets the one instance. Used at start-up: on a cold start the SDK's first client build (its
     * class loading, region and service metadata, the TLS context) then runs beside the handler's own set-up
     * (JSON mapper, policy, Slack client) on the other core instead of before it (bench/README.md "cold-start").
     * Builds only: nothing is read from the network and no credential is resolved, so a SnapStart snapshot
     * taken after the constructor holds nothing it would not hold otherwise. A build that fails is left for
     * the handler's own call to repeat and report.
     */
    @SafeVarargs
    public final AwsClients buildInBackground(java.util.function.Function<AwsClients, ?>... clients) {
        Thread builder = new Thread(() -> {
            for (java.util.function.Function<AwsClients, ?> client : clients) {
                try {
                    client.apply(this);
                } catch (RuntimeException e) {
                    return;
                }
            }
        }, "aws-clients");
        builder.setDaemon(true);
        builder.start();
        return this;
    }

    /** The client of {@code type}, built by {@code build} the first time it is asked for. */
    private synchronized <C> C built(Class<C> type, Supplier<C> build) {
        return type.cast(built.computeIfAbsent(type, missing -> build.get()));
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = UrlConnectionHttpClient.create();
        }
        return http;
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> B
            configure(B builder, Optional<URI> endpoint) {
        builder.region(Region.of(config.region())).credentialsProvider(credentials).httpClient(http());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
