package io.egressallowlist.testbed;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS side of the sandbox and the bench on loopback: dynalite and one emulator server hosting Network
 * Firewall, SageMaker, EventBridge and EC2, seeded like a small real deployment through the real SDK clients
 * (EC2: the sample Studio domain's subnets and its running apps' network interfaces, {@link Ec2Samples}).
 *
 * @param dynalite     {@code null} for {@link #emulatorsOnly emulators only}
 * @param ruleGroupArn the seeded rule group (with scopes, {@code default}'s); {@code null} for emulators only
 * @param scopes       each scope's rule group ARN, in the firewall policy's order; empty without scopes
 */
public record LocalAws(AwsJsonServer server, NetworkFirewallEmulator firewall, SageMakerEmulator sageMaker,
                       EventBridgeEmulator eventBridge, Ec2Emulator ec2, Dynalite dynalite, String ruleGroupArn,
                       Map<ScopeName, String> scopes)
        implements AutoCloseable {

    public LocalAws {
        scopes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
    }

    public static final String REGION = "us-east-1";
    public static final String TABLE_PREFIX = "egress";
    public static final TableNames TABLES = TableNames.withPrefix(TABLE_PREFIX);
    public static final String RULE_GROUP = "studio-egress-allowlist";
    public static final String FIREWALL_POLICY = "studio-egress-policy";
    public static final String FIREWALL = "studio-egress-firewall";
    /**
     * What the rule group is created with: the CDK app's default {@code baselineDomains}, every entry one the request
     * path accepts. No AWS entry: Studio reaches AWS through the VPC's endpoints, which the firewall never sees, and
     * {@code .amazonaws.com} is refused as too broad (it covers public suffixes such as {@code s3.amazonaws.com}).
     * The README's sandbox section lists exactly these.
     */
    public static final List<String> BASELINE = List.of(".pypi.org", "files.pythonhosted.org");

    /** The four emulators on one port, with the sample Studio domains and apps; no dynalite, no seeded firewall. */
    public static LocalAws emulatorsOnly(int awsPort) throws IOException {
        return emulatorsOnly(awsPort, new NetworkFirewallEmulator());
    }

    private static LocalAws emulatorsOnly(int awsPort, NetworkFirewallEmulator firewall) throws IOException {
        SageMakerEmulator sageMaker = SageMakerEmulator.withSampleStudio();
        EventBridgeEmulator eventBridge = EventBridgeEmulator.create();
        Ec2Emulator ec2 = Ec2Emulator.withSampleStudio();
        AwsJsonServer server = AwsJsonServer.start(awsPort, List.of(firewall, sageMaker, eventBridge), List.of(ec2));
        return new LocalAws(server, firewall, sageMaker, eventBridge, ec2, null, null, Map.of());
    }

    /** Emulators and dynalite, tables created, firewall and Studio seeded. */
    public static LocalAws full(int awsPort, int dynamoPort) throws IOException {
        return full(awsPort, dynamoPort, new NetworkFirewallEmulator());
    }

    /** The same with a Network Firewall emulator of one's own (e.g. a higher rule group quota). */
    public static LocalAws full(int awsPort, int dynamoPort, NetworkFirewallEmulator firewall) throws IOException {
        LocalAws aws = emulatorsOnly(awsPort, firewall);
        try {
            Dynalite dynalite = Dynalite.start(dynamoPort);
            return new LocalAws(aws.server, aws.firewall, aws.sageMaker, aws.eventBridge, aws.ec2, dynalite,
                    seed(dynalite, aws.server), Map.of());
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    /**
     * Emulators and dynalite, tables created, with allow-lists per team ({@link SampleScopes}): the teams' Studio
     * domains, users and apps beside the sample ones, and one rule group per scope in a strict-order firewall
     * policy ({@link ScopedFirewall}); the baseline is {@code global}'s.
     */
    public static LocalAws withScopes(int awsPort, int dynamoPort, NetworkFirewallEmulator firewall) throws IOException {
        LocalAws aws = emulatorsOnly(awsPort, firewall);
        try {
            SampleScopes.seedStudio(aws.sageMaker, aws.ec2);
            Dynalite dynalite = Dynalite.start(dynamoPort);
            Map<ScopeName, String> scopes;
            try (DynamoDbClient dynamo = dynalite.newClient(); NetworkFirewallClient nfw = networkFirewallClient(aws.server)) {
                TableSchemas.createAll(dynamo, TABLES);
                scopes = ScopedFirewall.seed(nfw, BASELINE);
            } catch (RuntimeException e) {
                dynalite.close();
                throw e;
            }
            return new LocalAws(aws.server, aws.firewall, aws.sageMaker, aws.eventBridge, aws.ec2, dynalite,
                    scopes.get(ScopeName.DEFAULT), scopes);
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    /** Creates the tables and seeds the firewall; returns the seeded rule group's ARN. */
    private static String seed(Dynalite dynalite, AwsJsonServer server) {
        try (DynamoDbClient dynamo = dynalite.newClient(); NetworkFirewallClient nfw = networkFirewallClient(server)) {
            TableSchemas.createAll(dynamo, TABLES);
            return FirewallSeed.sampleDeployment(RULE_GROUP, BASELINE, FIREWALL_POLICY, FIREWALL)
                    .description("SageMaker Studio egress allow-list (managed by the control plane)")
                    .changeProtection().seed(nfw).ruleGroupArn();
        }
    }

    public NetworkFirewallClient networkFirewallClient() {
        return networkFirewallClient(server);
    }

    private static NetworkFirewallClient networkFirewallClient(AwsJsonServer server) {
        return NetworkFirewallClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public void describe(PrintStream out) {
        out.println("Local AWS is up (loopback only):");
        out.println("  AWS emulators  " + server.endpoint() + "  Network Firewall, SageMaker, EventBridge (X-Amz-Target routing),"
                + " EC2 (Query protocol)");
        out.println("  emulator admin " + server.endpoint() + "/_emulator/calls  (faults: POST /_emulator/faults/<prefix>)");
        if (dynalite != null) {
            out.println("  DynamoDB       " + dynalite.endpoint() + "  (dynalite, in memory)");
            out.println("  tables         " + TABLES);
            if (scopes.isEmpty()) {
                out.println("  rule group     " + ruleGroupArn);
            }
            scopes.forEach((scope, arn) -> out.printf("  scope %-9s%s%n", scope, arn));
        }
        out.println("  Studio domains " + SageMakerSamples.VPC_ONLY_DOMAIN_ID + " (VpcOnly), "
                + SageMakerSamples.PUBLIC_DOMAIN_ID + " (PublicInternetOnly)");
        if (!scopes.isEmpty()) {
            SampleScopes.TEAMS.forEach(team -> out.printf("                 %s (VpcOnly, scope %s, user %s at %s)%n",
                    team.domainId(), team.scope(), team.user(), team.appAddress()));
        }
        out.println();
        out.println("Try it with the AWS CLI (any credentials, region " + REGION + "):");
        out.println("  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=" + REGION);
        out.println("  aws --endpoint-url " + server.endpoint() + " network-firewall describe-rule-group"
                + " --rule-group-name " + RULE_GROUP + " --type STATEFUL");
        out.println("  aws --endpoint-url " + server.endpoint() + " sagemaker describe-domain --domain-id "
                + SageMakerSamples.VPC_ONLY_DOMAIN_ID);
        out.println("  aws --endpoint-url " + server.endpoint() + " ec2 describe-network-interfaces --filters"
                + " Name=addresses.private-ip-address,Values=" + Ec2Samples.DATA_SCIENTIST_APP_ADDRESS);
        if (dynalite != null) {
            out.println("  aws --endpoint-url " + dynalite.endpoint() + " dynamodb list-tables");
        }
    }

    @Override
    public void close() {
        if (dynalite != null) {
            dynalite.close();
        }
        eventBridge.close();
        server.close();
    }
}
