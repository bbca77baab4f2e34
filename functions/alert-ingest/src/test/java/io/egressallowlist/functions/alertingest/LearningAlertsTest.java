package io.egressallowlist.functions.alertingest;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.Flow;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import io.egressallowlist.shared.testing.LocalEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learning scope's alert records (signature {@code egress-allowlist learn: …}, action {@code allowed}) through the
 * handler on dynalite and the EC2 emulator: stored as would-have-been-blocked, apart from blocks, under the scope of
 * the Studio domain they are attributed to.
 */
@ExtendWith(DynaliteExtension.class)
class LearningAlertsTest {

    private static final String ARN = "arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/";
    private static final String LEARN = "egress-allowlist learn: TLS not on the allow-list";

    @TempDir
    Path dir;
    private final NetworkFirewallEmulator firewall = new NetworkFirewallEmulator();
    private AwsJsonServer aws;
    private Dynalite dynalite;
    private TableNames tables;
    private ControlPlane plane;
    private AlertIngestHandler handler;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        this.dynalite = dynalite;
        tables = TableNames.withPrefix(DynaliteExtension.uniqueName("learning"));
        TableSchemas.createAll(dynamo, tables);
        aws = AwsJsonServer.start(0, List.of(firewall), List.of(Ec2Emulator.withSampleStudio()));
        Files.writeString(dir.resolve("team.policy"), LocalEnvironment.ONE_APPROVER_POLICY, StandardCharsets.UTF_8);
        Path scopes = Files.writeString(dir.resolve("scopes.txt"), """
                scope global
                rule-group = %1$segress-global
                capacity = 1000
                policy = team.policy
                scope research
                rule-group = %1$segress-research
                capacity = 1000
                studio-domains = %2$s
                mode = learn
                policy = team.policy
                scope risk
                rule-group = %1$segress-risk
                capacity = 1000
                studio-domains = d-risk00000001
                policy = team.policy
                """.formatted(ARN, SageMakerSamples.VPC_ONLY_DOMAIN_ID), StandardCharsets.UTF_8);
        plane = plane(environment().scopesFile(scopes.toString()));
        handler = new AlertIngestHandler(plane);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    @Test
    void aLearningRecordIsStoredAsWouldHaveBeenBlockedUnderItsStudioDomainsScope() {
        String app = Ec2Samples.DATA_SCIENTIST_APP_ADDRESS;

        Map<String, Object> result = handler.handleRequest(AwsLogs.event(events(List.of(
                alert(app, "example.net", "allowed", LEARN), alert(app, "example.net", "allowed", LEARN),
                alert(app, "example.net", "blocked", "not matching any TLS allowlisted FQDNs")))), null);

        assertThat(result).containsEntry("records", 3).containsEntry("skipped", 0).containsEntry("pairsWritten", 2);
        assertThat(stored()).extracting(a -> a.host().shown() + " learning=" + a.learning() + " count=" + a.count()
                        + " scope=" + a.scope().map(ScopeName::value).orElse("?"))
                .containsExactlyInAnyOrder("example.net learning=true count=2 scope=research",
                        "example.net learning=false count=1 scope=research");
    }

    @Test
    void theAlertsTheFirewallWritesForALearningGroupAreStoredAsLearningRecords() {
        try (NetworkFirewallClient client = NetworkFirewallClient.builder().endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            String arn = FirewallSeed.sampleDeployment("egress-research", List.of("pypi.org"), "policy", "fw").seed(client)
                    .ruleGroupArn();
            NetworkFirewallRuleGroup group = new NetworkFirewallRuleGroup(client, arn);
            group.replace(group.describe().updateToken(), List.of("pypi.org"), ScopeMode.LEARN);
        }
        List<String> records = new ArrayList<>(firewall.sendTraffic("fw",
                new Flow(Ec2Samples.DATA_SCIENTIST_APP_ADDRESS, "example.net", Flow.Protocol.TLS, 2), null).alertRecords());
        records.addAll(firewall.sendTraffic("fw",
                new Flow(Ec2Samples.DATA_SCIENTIST_APP_ADDRESS, "pypi.org", Flow.Protocol.HTTP, 1), null).alertRecords());

        Map<String, Object> result = handler.handleRequest(AwsLogs.event(events(records)), null);

        assertThat(result).containsEntry("records", 2).containsEntry("skipped", 0);
        assertThat(stored()).singleElement().satisfies(attempt -> {
            assertThat(attempt.host().shown()).isEqualTo("example.net");
            assertThat(attempt.learning()).isTrue();
            assertThat(attempt.count()).isEqualTo(2);
            assertThat(attempt.scope()).contains(ScopeName.of("research"));
        });
    }

    @Test
    void aRecordFromNoKnownStudioDomainHasNoScopeWhenTheDeploymentHasSeveral() {
        handler.handleRequest(AwsLogs.event(events(List.of(alert("172.16.9.9", "example.net", "allowed", LEARN)))), null);

        assertThat(stored()).singleElement().satisfies(attempt -> {
            assertThat(attempt.learning()).isTrue();
            assertThat(attempt.scope()).isEmpty();
        });
    }

    @Test
    void aDeploymentWithoutScopesRecordsItsBlocksUnderDefaultAsBefore() {
        AlertIngestHandler single = new AlertIngestHandler(plane(environment()));

        single.handleRequest(AwsLogs.event(events(List.of(alert("172.16.9.9", "example.net", "blocked", "not matching")))), null);

        assertThat(stored()).singleElement().satisfies(attempt -> {
            assertThat(attempt.learning()).isFalse();
            assertThat(attempt.scope()).contains(ScopeName.DEFAULT);
        });
    }

    @Test
    void hostileLearningRecordsAreSkippedWithAReasonAndStoreNothing() {
        String app = Ec2Samples.DATA_SCIENTIST_APP_ADDRESS;

        Map<String, Object> result = handler.handleRequest(AwsLogs.event(events(List.of(
                alert(app, "example.net", "blocked", LEARN),
                alert(app, "example.net", "\"; DROP", LEARN),
                alert(app, "example.net", "allowed", LEARN).replace("\"action\":\"allowed\",", ""),
                alert(app, "null", "allowed", LEARN).replace("\"null\"", "null")))), null);

        assertThat(result).containsEntry("records", 4).containsEntry("skipped", 4).containsEntry("pairsWritten", 0);
        assertThat(result.get("skippedBy").toString()).contains("learningNotAllowed=3", "noHost=1");
        assertThat(stored()).isEmpty();
    }

    @Test
    void aSignatureThatIsNotTextIsAnOrdinaryBlock() {
        handler.handleRequest(AwsLogs.event(events(List.of(alert(Ec2Samples.DATA_SCIENTIST_APP_ADDRESS, "example.net",
                "blocked", LEARN).replace("\"signature\":\"" + LEARN + "\"", "\"signature\":[\"" + LEARN + "\"]")))), null);

        assertThat(stored()).singleElement().satisfies(attempt -> assertThat(attempt.learning()).isFalse());
    }

    private ControlPlaneEnvironment environment() {
        return LocalEnvironment.of(tables, "bus", dynalite.endpoint(), aws.endpoint())
                .policy(LocalEnvironment.ONE_APPROVER_POLICY).ruleGroupArn(ARN + "egress")
                .studioSubnets(Map.of(SageMakerSamples.VPC_ONLY_SUBNETS.get(0), SageMakerSamples.VPC_ONLY_DOMAIN_ID));
    }

    private ControlPlane plane(ControlPlaneEnvironment environment) {
        return ControlPlane.builder(FunctionNames.ALERT_INGEST, environment.config()).blockedDigests(digest -> { }).build();
    }

    private List<BlockedAttempt> stored() {
        return plane.blocked().attempts().since(Instant.parse("2026-11-20T00:00:00Z"));
    }

    private static String alert(String source, String sni, String action, String signature) {
        return """
                {"firewall_name":"egress","availability_zone":"us-east-1a","event_timestamp":"1795000000",\
                "event":{"event_type":"alert","src_ip":"%s","src_port":51000,"dest_ip":"192.0.2.10","dest_port":443,\
                "proto":"TCP","app_proto":"tls","timestamp":"2026-11-20T10:15:02.123456+0000",\
                "alert":{"action":"%s","signature_id":5,"signature":"%s"},"tls":{"sni":"%s"}}}"""
                .formatted(source, action.replace("\"", "\\\""), signature, sni);
    }

    private static String events(List<String> messages) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            events.add("{\"id\":\"3700000%d\",\"timestamp\":1795000000000,\"message\":%s}".formatted(i,
                    quote(messages.get(i))));
        }
        return AwsLogs.dataMessage("[" + String.join(",", events) + "]");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
