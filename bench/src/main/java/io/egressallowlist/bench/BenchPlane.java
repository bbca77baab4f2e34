package io.egressallowlist.bench;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole control plane's surroundings on loopback, set up like the sandbox ({@code local/sandbox},
 * {@code LocalAws} and {@code LocalControlPlane.environment}): dynalite with the three tables, one emulator
 * server hosting Network Firewall (a seeded rule group, policy and firewall), SageMaker (the sample Studio
 * domains) and EventBridge (the control-plane bus), and a Slack stand-in with two approvers and Alice.
 * {@link #environment()} is the configuration every function gets, as the CDK stack sets it in AWS.
 */
final class BenchPlane implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String BUS = "egress-control-plane";
    static final String CHANNEL = "C0APPROVALS";
    static final String APPROVER = "U0APPROVER1";
    static final String ALICE_SLACK = "U0ALICE0001";
    static final String ALICE_ARN = "arn:aws:sts::" + SageMakerSamples.ACCOUNT_ID
            + ":assumed-role/AliceStudioExecutionRole/" + SageMakerSamples.DATA_SCIENTIST;
    static final String RULE_GROUP = "studio-egress-allowlist";
    static final String FIREWALL = "studio-egress-firewall";
    static final List<String> BASELINE = List.of(".amazonaws.com", "pypi.org", "files.pythonhosted.org");
    /** Fixed, made-up Slack credentials: the bench signs clicks with them; nothing here is a real secret. */
    static final String SIGNING_SECRET = "bench-signing-secret-not-a-secret";
    static final String BOT_TOKEN = "xoxb-bench-not-a-token";
    static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVER1, U0APPROVER2
            """;

    final Dynalite dynalite;
    final AwsJsonServer server;
    final NetworkFirewallEmulator firewall;
    final EventBridgeEmulator eventBridge;
    final SlackWebApiDouble slack;
    final SlackUser slackUser;
    final TableNames tables = TableNames.withPrefix("egress");
    private final String ruleGroupArn;

    private BenchPlane(Dynalite dynalite, AwsJsonServer server, NetworkFirewallEmulator firewall,
                       EventBridgeEmulator eventBridge, SlackWebApiDouble slack, SlackUser slackUser,
                       String ruleGroupArn) {
        this.dynalite = dynalite;
        this.server = server;
        this.firewall = firewall;
        this.eventBridge = eventBridge;
        this.slack = slack;
        this.slackUser = slackUser;
        this.ruleGroupArn = ruleGroupArn;
    }

    /** Starts everything; {@code interactionsUrl} is where the stand-in would deliver clicks (may be null). */
    static BenchPlane start(URI interactionsUrl) throws IOException {
        NetworkFirewallEmulator firewall = NetworkFirewallEmulator.builder().ruleGroupQuota(EmulatorProcess.RULE_GROUP_QUOTA).build();
        EventBridgeEmulator eventBridge = EventBridgeEmulator.create();
        AwsJsonServer server = AwsJsonServer.start(0, firewall, SageMakerEmulator.withSampleStudio(), eventBridge);
        Dynalite dynalite = null;
        SlackWebApiDouble slack = null;
        try {
            dynalite = Dynalite.start();
            slack = SlackWebApiDouble.start(new SlackWebApiDouble.Settings(BOT_TOKEN, null, 0));
            slack.addUser(APPROVER, "priya.approver").addUser("U0APPROVER2", "sam.approver")
                    .addUser(ALICE_SLACK, "alice.scientist");
            eventBridge.createEventBus(BUS);
            String arn;
            try (DynamoDbClient dynamo = dynalite.newClient(); NetworkFirewallClient nfw = firewallClient(server.endpoint())) {
                TableSchemas.createAll(dynamo, TableNames.withPrefix("egress"));
                arn = seedFirewall(nfw);
            }
            return new BenchPlane(dynalite, server, firewall, eventBridge, slack,
                    SlackUser.in(slack, SIGNING_SECRET, interactionsUrl), arn);
        } catch (IOException | RuntimeException e) {
            if (slack != null) {
                slack.close();
            }
            if (dynalite != null) {
                dynalite.close();
            }
            server.close();
            throw e;
        }
    }

    /** What every function gets, pointed at loopback (as {@code LocalControlPlane.environment} does). */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("REQUESTS_TABLE", tables.requests());
        env.put("VERSIONS_TABLE", tables.versions());
        env.put("AUDIT_TABLE", tables.audit());
        env.put("EVENT_BUS_NAME", BUS);
        env.put("RULE_GROUP_ARN", ruleGroupArn);
        env.put("FIREWALL_NAME", FIREWALL);
        env.put("POLICY", POLICY);
        env.put("DRIFT_MODE", "ENFORCE");
        env.put("STUDIO_DOMAIN_IDS", SageMakerSamples.VPC_ONLY_DOMAIN_ID + "," + SageMakerSamples.PUBLIC_DOMAIN_ID);
        env.put("PROTECTED_SUBNET_IDS", String.join(",", SageMakerSamples.VPC_ONLY_SUBNETS));
        env.put("SLACK_CHANNEL_ID", CHANNEL);
        env.put("SLACK_API_URL", slack.apiUrl().toString());
        env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
        env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
        env.put("IDENTITY_LINKS", SageMakerSamples.DATA_SCIENTIST + "=" + ALICE_SLACK);
        env.put("ENDPOINT_DYNAMODB", dynalite.endpoint().toString());
        env.put("ENDPOINT_AWS", server.endpoint().toString());
        return env;
    }

    List<String> liveTargets() {
        return firewall.targets(RULE_GROUP);
    }

    private static String seedFirewall(NetworkFirewallClient nfw) {
        return FirewallSeed.sampleDeployment(RULE_GROUP, BASELINE, "studio-egress-policy", FIREWALL).seed(nfw).ruleGroupArn();
    }

    private static NetworkFirewallClient firewallClient(URI endpoint) {
        return NetworkFirewallClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() {
        slack.close();
        dynalite.close();
        server.close();
        eventBridge.close();
    }
}
