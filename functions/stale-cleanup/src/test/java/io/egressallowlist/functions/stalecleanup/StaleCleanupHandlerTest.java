package io.egressallowlist.functions.stalecleanup;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.networkfirewall.TrafficHit;
import io.egressallowlist.shared.cleanup.StaleAction;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.reconcile.Reconciler;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import io.egressallowlist.shared.testing.LocalEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynaliteExtension.class)
class StaleCleanupHandlerTest {

    private static final String BUS = "egress-allowlist";
    private static final String RULE_GROUP = "studio-egress";
    private static final String FIREWALL = "studio-egress-firewall";
    private static final String POLICY = """
            default-duration = P90D
            max-duration     = P180D
            quorum           = 1
            approvers        = U0APPROVE1
            """;
    private static final Requester ALICE = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/alice",
            "U0ALICE0001", "alice");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T09:00:00Z"));
    private final NetworkFirewallEmulator firewall = NetworkFirewallEmulator.builder().clock(clock).build();
    private final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private AwsJsonServer aws;
    private NetworkFirewallClient nfw;
    private ControlPlaneEnvironment env;
    private DynamoRequestStore requests;
    private RequestService requestService;
    private Reconciler reconciler;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws IOException {
        aws = AwsJsonServer.start(0, firewall, eventBridge);
        eventBridge.createEventBus(BUS);
        nfw = NetworkFirewallClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String ruleGroupArn = FirewallSeed.domainList(RULE_GROUP, 30_000, List.of(".amazonaws.com", "legacy.example.net"))
                .policy("studio-egress-policy").firewall(FIREWALL, "vpc-0a1b2c3d4e5f60718", "subnet-0f1a0000000000a01")
                .analysing(EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST)
                .seed(nfw).ruleGroupArn();

        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("stale"));
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        DynamoVersionLog versions = new DynamoVersionLog(dynamo, tables.versions(), RULE_GROUP);
        DynamoAuditTrail audit = new DynamoAuditTrail(dynamo, tables.audit());
        requestService = new RequestService(requests, versions, audit,
                ((PolicyParser.Parsed) PolicyParser.parse(POLICY)).policy(), Duration.ofDays(7), clock, new Random(9));
        reconciler = new Reconciler(versions, requests, audit, new NetworkFirewallRuleGroup(nfw, ruleGroupArn), clock,
                Reconciler.Settings.defaults(), d -> { }, new Random(1), Reconciler.NONE);

        env = LocalEnvironment.of(tables, BUS, dynalite.endpoint(), aws.endpoint())
                .ruleGroupArn(ruleGroupArn).firewallName(FIREWALL).policy(POLICY);
    }

    @AfterEach
    void tearDown() {
        nfw.close();
        aws.close();
        eventBridge.close();
    }

    /** Baseline, a used and an unused 90-day grant, a 2-day grant: all applied 45 days ago. */
    private Map<String, AllowlistRequest> estate() {
        reconciler.run();
        Map<String, AllowlistRequest> grants = new HashMap<>();
        grants.put("used", approved("huggingface.co", Optional.empty()));
        grants.put("unused", approved("unused.example.org", Optional.empty()));
        grants.put("short", approved("kaggle.com", Optional.of(Duration.ofDays(2))));
        reconciler.run();
        clock.advance(Duration.ofDays(45));
        Instant recently = clock.instant().minus(Duration.ofDays(1));
        firewall.recordTraffic(FIREWALL, TrafficHit.of("huggingface.co", "TLS_SNI", 4, recently, recently));
        firewall.recordTraffic(FIREWALL, TrafficHit.of("sts.amazonaws.com", "HTTP_HOST", 9, recently, recently));
        return grants;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDailyScheduleExpiresGrantsAndFlagsUnusedEntries() {
        Map<String, AllowlistRequest> grants = estate();

        Map<String, Object> summary = handler().handleRequest(scheduled(), null);

        assertThat(summary.get("expiredGrants")).isEqualTo(List.of(grants.get("short").id().value()));
        assertThat((List<Object>) summary.get("stale")).containsExactlyInAnyOrder("legacy.example.net", "unused.example.org");
        assertThat(summary.get("removedUnused")).isEqualTo(List.of());
        assertThat(status(grants.get("unused"))).isEqualTo(RequestStatus.ACTIVE);
        assertThat(details(EventTypes.GRANT_EXPIRED)).singleElement().satisfies(detail ->
                assertThat(detail.path("requestId").asText()).isEqualTo(grants.get("short").id().value()));
        assertThat(details(EventTypes.STALE_ENTRIES_FOUND)).singleElement().satisfies(detail ->
                assertThat(detail.path("action").asText()).isEqualTo("FLAG"));
        assertThat(notifier.flagged).singleElement().satisfies(targets ->
                assertThat(targets).containsExactlyInAnyOrder("legacy.example.net", "unused.example.org"));
    }

    @Test
    void withStaleActionRemoveTheUnusedGrantIsExpiredForTheReconciler() {
        env.staleAction(StaleAction.REMOVE);
        Map<String, AllowlistRequest> grants = estate();

        Map<String, Object> summary = handler().handleRequest(scheduled(), null);

        assertThat(summary.get("removedUnused")).isEqualTo(List.of(grants.get("unused").id().value()));
        AllowlistRequest unused = requests.find(grants.get("unused").id()).orElseThrow();
        assertThat(unused.status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(unused.intent()).isEqualTo(Intent.REMOVE);
        assertThat(firewall.targets(RULE_GROUP)).as("cleanup never writes the firewall").contains("unused.example.org");
    }

    @Test
    void theSameScheduleDeliveredTwiceDoesEverythingOnce() {
        estate();
        StaleCleanupHandler handler = handler();

        handler.handleRequest(scheduled(), null);
        Map<String, Object> second = handler.handleRequest(scheduled(), null);

        assertThat(second.get("expiredGrants")).isEqualTo(List.of());
        assertThat(second.get("newlyFlagged")).isEqualTo(List.of());
        assertThat(details(EventTypes.GRANT_EXPIRED)).hasSize(1);
        assertThat(details(EventTypes.STALE_ENTRIES_FOUND)).hasSize(1);
        assertThat(notifier.flagged).hasSize(1);
    }

    @Test
    void withoutAFirewallNameExpiriesStillRunAndTheSkippedCheckIsExplained() {
        env.without(EnvKey.FIREWALL_NAME);
        Map<String, AllowlistRequest> grants = estate();

        Map<String, Object> summary = handler().handleRequest(scheduled(), null);

        assertThat(summary.get("expiredGrants")).isEqualTo(List.of(grants.get("short").id().value()));
        assertThat(summary.get("staleCheckSkipped")).asString().contains(EnvKey.FIREWALL_NAME.name());
        assertThat(details(EventTypes.STALE_ENTRIES_FOUND)).isEmpty();
    }

    @Test
    void whenTheBusRejectsTheEventsTheRunFailsAfterMakingItsChanges() {
        Map<String, AllowlistRequest> grants = estate();
        aws.faults(EventBridgeEmulator.TARGET_PREFIX).internalErrorNext(50);

        assertThatThrownBy(() -> handler().handleRequest(scheduled(), null)).isInstanceOf(RuntimeException.class);

        aws.faults(EventBridgeEmulator.TARGET_PREFIX).reset();
        assertThat(status(grants.get("short"))).isEqualTo(RequestStatus.EXPIRED);
    }

    @Test
    void eventsOtherThanTheScheduleAreIgnoredAndChangeNothing() {
        Map<String, AllowlistRequest> grants = estate();
        List<Map<String, Object>> unexpected = new ArrayList<>();
        unexpected.add(Map.of("source", EventTypes.SOURCE, "detail-type", EventTypes.GRANT_EXPIRED, "detail", Map.of()));
        unexpected.add(Map.of("source", "aws.events", "detail-type", "EC2 Instance State-change Notification"));
        unexpected.add(Map.of("detail-type", "Scheduled Event"));
        unexpected.add(Map.of());
        unexpected.add(null);
        StaleCleanupHandler handler = handler();

        for (Map<String, Object> event : unexpected) {
            assertThat(handler.handleRequest(event, null)).containsEntry("ignored", true);
        }
        assertThat(status(grants.get("short"))).isEqualTo(RequestStatus.ACTIVE);
        assertThat(eventBridge.published(BUS)).isEmpty();
    }

    @Test
    void anInvalidStaleActionIsRefusedAtStartWithTheVariableNamed() {
        env.set(EnvKey.STALE_ACTION, "DELETE");

        assertThatThrownBy(this::handler).isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.STALE_ACTION.name());
    }

    @Test
    void aMissingRuleGroupArnIsRefusedAtStart() {
        env.without(EnvKey.RULE_GROUP_ARN);

        assertThatThrownBy(this::handler).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnvKey.RULE_GROUP_ARN.name());
    }

    // ---------------------------------------------------------------- helpers

    private StaleCleanupHandler handler() {
        return new StaleCleanupHandler(ControlPlane.builder(FunctionNames.STALE_CLEANUP, env.config())
                .notifier(notifier).clock(clock).build());
    }

    private AllowlistRequest approved(String domain, Optional<Duration> duration) {
        SubmitOutcome outcome = requestService.submit(domain, "needed for the churn model", duration, ALICE,
                Actor.api(ALICE.principal(), "10.0.1.5"), null);
        AllowlistRequest request = ((SubmitOutcome.Submitted) outcome).request();
        requestService.approve(request.id(), Actor.slack(new SlackUserId("U0APPROVE1"), Set.of()));
        return request;
    }

    private RequestStatus status(AllowlistRequest request) {
        return requests.find(request.id()).orElseThrow().status();
    }

    private List<JsonNode> details(String detailType) {
        return eventBridge.published(BUS).stream().filter(e -> e.detailType().equals(detailType))
                .map(PublishedEvent::envelope).map(e -> e.path("detail")).toList();
    }

    private static Map<String, Object> scheduled() {
        return Map.of("version", "0", "id", "3b1f0d5e-8a0c-4a51-9d0e-6c4d2b8f9a10", "detail-type", "Scheduled Event",
                "source", "aws.events", "account", "123456789012", "time", "2026-11-15T09:00:00Z",
                "region", "us-east-1", "resources", List.of("arn:aws:events:us-east-1:123456789012:rule/cleanup"),
                "detail", Map.of());
    }
}
