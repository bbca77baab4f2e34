package io.egressallowlist.shared.config;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SnapStart priming of the AWS SDK (aws-api-notes §6) that cannot reach AWS. Each call runs the SDK's real
 * request path — client build, endpoint rules, request marshalling to JSON, the interceptor chain, SigV4
 * signing — on a throw-away client configured like the function's own (region, endpoint overrides) except
 * for two things: fixed made-up credentials ({@code priming}/{@code priming}, so no credential is read or
 * cached before the snapshot), and an HTTP client that refuses every request it is handed. Nothing is sent,
 * so nothing can be written; the refusal is not an I/O error, so the SDK does not retry it.
 *
 * <p>The requests are fixed samples: nothing unique (ids, random values, clock readings) is created and
 * kept. One method per service, so that a function calls only those whose SDK module its jar holds.
 */
public final class SdkPriming {

    private static final AwsCredentialsProvider MADE_UP = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("priming", "priming"));
    private static final Map<String, AttributeValue> SAMPLE_KEY = Map.of("id", AttributeValue.fromS("priming"));

    private final ControlPlaneConfig config;
    private final RefusingHttpClient http = new RefusingHttpClient();

    public SdkPriming(ControlPlaneConfig config) {
        this.config = config;
    }

    /** Requests the SDK built and handed to the HTTP client, which refused each (tests: one per call, no retry). */
    public int refusedRequests() {
        return http.refused.get();
    }

    /** GetItem, Query, PutItem (conditional) and UpdateItem on the requests table, as the stores build them. */
    public SdkPriming dynamo() {
        String table = config.tables().requests();
        try (DynamoDbClient dynamo = configure(DynamoDbClient.builder(), config.dynamoEndpoint()).build()) {
            stopped(() -> dynamo.getItem(b -> b.tableName(table).key(SAMPLE_KEY).consistentRead(true)));
            stopped(() -> dynamo.query(b -> b.tableName(table).indexName("by-status")
                    .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("PENDING")))));
            stopped(() -> dynamo.putItem(b -> b.tableName(table).item(SAMPLE_KEY)
                    .conditionExpression("attribute_not_exists(id)")));
            stopped(() -> dynamo.updateItem(b -> b.tableName(table).key(SAMPLE_KEY)
                    .updateExpression("SET #s = :s").conditionExpression("#s = :p")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("APPROVED"),
                            ":p", AttributeValue.fromS("PENDING")))));
        }
        return this;
    }

    /** PutEvents with one entry on the control-plane bus. */
    public SdkPriming eventBridge() {
        try (EventBridgeClient events = configure(EventBridgeClient.builder(), config.awsEndpoint()).build()) {
            stopped(() -> events.putEvents(b -> b.entries(e -> e.eventBusName(config.eventBusName())
                    .source("egress.allowlist").detailType("Priming").detail("{\"priming\":true}"))));
        }
        return this;
    }

    /** DescribeRuleGroup and UpdateRuleGroup of a small domain list. */
    public SdkPriming networkFirewall() {
        String arn = Optional.ofNullable(config.ruleGroupArn())
                .orElse("arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/priming");
        try (NetworkFirewallClient nfw = configure(NetworkFirewallClient.builder(), config.awsEndpoint()).build()) {
            stopped(() -> nfw.describeRuleGroup(b -> b.ruleGroupArn(arn)));
            stopped(() -> nfw.updateRuleGroup(b -> b.ruleGroupArn(arn).updateToken("priming")
                    .ruleGroup(g -> g.rulesSource(s -> s.rulesSourceList(l -> l.targets("example.com", ".example.org")
                            .targetTypes(TargetType.TLS_SNI, TargetType.HTTP_HOST)
                            .generatedRulesType(GeneratedRulesType.ALLOWLIST))))));
        }
        return this;
    }

    /** DescribeDomain and ListUserProfiles. */
    public SdkPriming sageMaker() {
        try (SageMakerClient sageMaker = configure(SageMakerClient.builder(), config.awsEndpoint()).build()) {
            stopped(() -> sageMaker.describeDomain(b -> b.domainId("d-priming0000")));
            stopped(() -> sageMaker.listUserProfiles(b -> b.domainIdEquals("d-priming0000")));
        }
        return this;
    }

    /**
     * DescribeNetworkInterfaces by private address, as {@code Ec2NetworkInterfaces} asks: the EC2 Query protocol
     * (a form body, an XML answer), unlike the JSON services above.
     */
    public SdkPriming ec2() {
        try (Ec2Client ec2 = configure(Ec2Client.builder(), config.awsEndpoint()).build()) {
            stopped(() -> ec2.describeNetworkInterfaces(b -> b.filters(f -> f.name("addresses.private-ip-address")
                    .values("10.0.0.1"))));
        }
        return this;
    }

    /** GetSecretValue. */
    public SdkPriming secretsManager() {
        try (SecretsManagerClient secrets = configure(SecretsManagerClient.builder(), config.awsEndpoint()).build()) {
            stopped(() -> secrets.getSecretValue(b -> b.secretId("priming")));
        }
        return this;
    }

    private void stopped(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (RefusingHttpClient.refusedBy(e)) {
                return;
            }
            throw e;
        }
        throw new IllegalStateException("a priming call completed: it must never reach a service");
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, Optional<URI> endpoint) {
        builder.region(Region.of(config.region())).credentialsProvider(MADE_UP).httpClient(http);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Counts and refuses every request; never opens a connection. */
    private static final class RefusingHttpClient implements SdkHttpClient {

        private final AtomicInteger refused = new AtomicInteger();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            refused.incrementAndGet();
            throw new Refused();
        }

        static boolean refusedBy(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Refused) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String clientName() {
            return "priming";
        }

        @Override
        public void close() {
        }

        /** Not an IOException: the SDK treats it as non-retryable. */
        private static final class Refused extends IllegalStateException {
            Refused() {
                super("priming: requests are never sent", null);
            }
        }
    }
}
