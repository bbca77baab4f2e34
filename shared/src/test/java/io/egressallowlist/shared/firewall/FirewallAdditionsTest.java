package io.egressallowlist.shared.firewall;

import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.networkfirewall.TrafficHit;
import io.egressallowlist.shared.domain.TrafficEvidence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sync-state wait, the traffic reports and ARN parsing, against the Network Firewall emulator. */
class FirewallAdditionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final NetworkFirewallEmulator emulator = NetworkFirewallEmulator.builder().clock(clock).build();
    private AwsJsonServer server;
    private NetworkFirewallClient client;
    private RuleGroupArn ruleGroup;

    @BeforeEach
    void setUp() throws IOException {
        server = AwsJsonServer.start(0, emulator);
        client = NetworkFirewallClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        ruleGroup = RuleGroupArn.parse(FirewallSeed.domainList("studio-egress", 100, List.of("pypi.org"))
                .policy("policy").firewall("fw", "vpc-0abc", "subnet-0abc")
                .analysing(EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST)
                .seed(client).ruleGroupArn());
        FirewallSeed.withoutRuleGroup().policy("unrelated").firewall("other-fw", "vpc-0abc", "subnet-0def").seed(client);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    private FirewallSyncWaiter waiter() {
        return new FirewallSyncWaiter(client, clock, clock::advance, Duration.ofSeconds(1));
    }

    @Test
    void theWaitEndsAsSoonAsEveryEndpointRunsTheCurrentToken() {
        emulator.syncDelay(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(5)); // the firewall itself is provisioned
        client.updateRuleGroup(b -> b.ruleGroupArn(ruleGroup.arn())
                .updateToken(client.describeRuleGroup(d -> d.ruleGroupArn(ruleGroup.arn())).updateToken())
                .ruleGroup(client.describeRuleGroup(d -> d.ruleGroupArn(ruleGroup.arn())).ruleGroup()));
        Instant updated = clock.instant();

        assertThat(waiter().awaitInSync("fw", ruleGroup, Duration.ofSeconds(10))).isEqualTo(FirewallSyncCheck.Outcome.IN_SYNC);
        assertThat(Duration.between(updated, clock.instant())).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theWaitGivesUpAfterItsTimeoutAndSaysSo() {
        emulator.syncDelay(Duration.ofMinutes(5));

        assertThat(waiter().awaitInSync("fw", ruleGroup, Duration.ofSeconds(4)))
                .isEqualTo(FirewallSyncCheck.Outcome.STILL_PENDING);
        assertThat(clock.instant()).isBefore(Instant.parse("2026-11-20T10:00:05Z"));
    }

    @Test
    void aFirewallThatDoesNotUseTheRuleGroupIsReportedAsNotAttached() {
        assertThat(waiter().awaitInSync("other-fw", ruleGroup, Duration.ofSeconds(2)))
                .isEqualTo(FirewallSyncCheck.Outcome.NOT_ATTACHED);
    }

    @Test
    void everyResultPageOfBothReportsIsRead() {
        for (int i = 0; i < 150; i++) {
            emulator.recordTraffic("fw", TrafficHit.of("host" + i + ".example.com", i % 2 == 0 ? "TLS_SNI" : "HTTP_HOST", 1,
                    clock.instant().minus(Duration.ofDays(1)), clock.instant().minus(Duration.ofDays(1))));
        }

        TrafficEvidence evidence = new NetworkFirewallTrafficAnalysis(client, "fw").latest();

        TrafficEvidence.Observed observed = (TrafficEvidence.Observed) evidence;
        assertThat(observed.lastSeen()).hasSize(150);
        assertThat(observed.reportIds()).hasSize(2);
        assertThat(observed.to()).isEqualTo(clock.instant());
        assertThat(observed.from()).isEqualTo(clock.instant().minus(Duration.ofDays(30)));
    }

    @Test
    void whenNoNewReportMayBeStartedTheNewestCompletedOneIsReused() {
        TrafficEvidence.Observed first = (TrafficEvidence.Observed) new NetworkFirewallTrafficAnalysis(client, "fw").latest();
        clock.advance(Duration.ofDays(3));

        TrafficEvidence.Observed second = (TrafficEvidence.Observed) new NetworkFirewallTrafficAnalysis(client, "fw").latest();

        assertThat(second.reportIds()).isEqualTo(first.reportIds());
        assertThat(second.to()).isEqualTo(first.to());
    }

    @Test
    void anUnknownFirewallGivesNoEvidenceAndSaysWhy() {
        assertThat(new NetworkFirewallTrafficAnalysis(client, "nope").latest())
                .isEqualTo(new TrafficEvidence.Unavailable("firewall nope does not exist (FIREWALL_NAME)"));
    }

    @Test
    void aRuleGroupArnYieldsItsName() {
        assertThat(RuleGroupArn.parse("arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/studio-egress")
                .name()).isEqualTo("studio-egress");
    }

    @ParameterizedTest
    @ValueSource(strings = {"studio-egress", "arn:aws:network-firewall:eu-west-1:123456789012:stateless-rulegroup/x",
            "arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/", "arn:aws:s3:::bucket",
            "arn:aws:network-firewall:eu-west-1:1234:stateful-rulegroup/x", " "})
    void anythingButAStatefulRuleGroupArnIsRefused(String arn) {
        assertThatThrownBy(() -> RuleGroupArn.parse(arn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnvKey.RULE_GROUP_ARN.name());
    }
}
