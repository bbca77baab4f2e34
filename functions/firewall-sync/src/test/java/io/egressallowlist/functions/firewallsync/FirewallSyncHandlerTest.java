package io.egressallowlist.functions.firewallsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.EventPattern;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.networkfirewall.TargetEdit;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.eventbridge.EventBridgePublisher;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.reconcile.ReconcileException;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynaliteExtension.class)
class FirewallSyncHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUS = "egress-allowlist";
    private static final String RULE_GROUP = "studio-egress";
    private static final String FIREWALL = "studio-egress-firewall";
    private static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVE1
            """;
    private static final Requester ALICE = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/alice",
            "U0ALICE0001", "alice");
    private static final Actor APPROVER = Actor.slack(new SlackUserId("U0APPROVE1"), Set.of());

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    private final NetworkFirewallEmulator firewall = new NetworkFirewallEmulator();
    private final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private AwsJsonServer aws;
    private NetworkFirewallClient nfw;
    private ControlPlaneEnvironment env;
    private DynamoRequestStore requests;
    private DynamoVersionLog versions;
    private RequestService requestService;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws IOException {
        aws = AwsJsonServer.start(0, firewall, eventBridge);
        eventBridge.createEventBus(BUS);
        nfw = NetworkFirewallClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String ruleGroupArn = FirewallSeed.domainList(RULE_GROUP, 30_000, List.of(".amazonaws.com", "pypi.org"))
                .policy("studio-egress-policy").firewall(FIREWALL, "vpc-0a1b2c3d4e5f60718", "subnet-0f1a0000000000a01")
                .seed(nfw).ruleGroupArn();

        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("sync"));
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        versions = new DynamoVersionLog(dynamo, tables.versions(), RULE_GROUP);
        DynamoAuditTrail audit = new DynamoAuditTrail(dynamo, tables.audit());
        requestService = new RequestService(requests, versions, audit,
                ((PolicyParser.Parsed) PolicyParser.parse(POLICY)).policy(), Duration.ofDays(7), clock, new Random(7));

        env = LocalEnvironment.of(tables, BUS, dynalite.endpoint(), aws.endpoint())
                .ruleGroupArn(ruleGroupArn).firewallName(FIREWALL).policy(POLICY);
    }

    @AfterEach
    void tearDown() {
        nfw.close();
        aws.close();
        eventBridge.close();
    }

    // ---------------------------------------------------------------- the reconcile path

    @Test
    void approvedRequestsReachTheRuleGroupAndTheVersionIsAnnounced() {
        FirewallSyncHandler handler = handler();
        handler.handleRequest(scheduled(), null); // baseline
        AllowlistRequest hf = approved("huggingface.co");
        AllowlistRequest gh = approved("github.com");

        Map<String, Object> summary = handler.handleRequest(scheduled(), null);

        assertThat(firewall.targets(RULE_GROUP)).containsExactlyInAnyOrder(".amazonaws.com", "pypi.org",
                "huggingface.co", "github.com");
        assertThat(requests.find(hf.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(requests.find(gh.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(summary).containsEntry("trigger", "schedule").containsEntry("versionsApplied", List.of(2L))
                .containsEntry("activated", 2).containsEntry("firewallSync", "IN_SYNC");

        AllowlistVersion v2 = versions.find(new VersionNumber(2)).orElseThrow();
        JsonNode applied = onlyDetail(EventTypes.VERSION_APPLIED);
        assertThat(applied.path("version").asLong()).isEqualTo(2);
        assertThat(applied.path("parent").asLong()).isEqualTo(1);
        assertThat(applied.path("added").asInt()).isEqualTo(2);
        assertThat(applied.path("removed").asInt()).isZero();
        assertThat(applied.path("sha256").asText()).isEqualTo(v2.sha256());
        assertThat(texts(applied.path("requestIds"))).containsExactlyInAnyOrder(hf.id().value(), gh.id().value());
        assertThat(applied.path("firewallSync").asText()).isEqualTo("IN_SYNC");
        JsonNode created = onlyDetail(EventTypes.VERSION_CREATED);
        assertThat(created.path("version").asLong()).isEqualTo(2);
        assertThat(created.path("cause").asText()).isEqualTo("REQUESTS");

        assertThat(notifier.applied).singleElement().satisfies(told -> {
            assertThat(told.version()).isEqualTo(2);
            assertThat(told.change().added()).containsExactly("github.com", "huggingface.co");
            assertThat(told.activated()).containsExactlyInAnyOrder(hf.id(), gh.id());
        });
    }

    @Test
    void anApprovalPublishedOnTheBusRunsTheSyncThroughTheAllowListRule() {
        FirewallSyncHandler handler = handler();
        List<Map<String, Object>> summaries = new ArrayList<>();
        eventBridge.subscribe(BUS, EventPattern.parse(EventRoutes.ALLOWLIST_CHANGES.pattern()),
                envelope -> summaries.add(handler.handleRequest(asMap(envelope), null)));
        AllowlistRequest request = approved("huggingface.co");

        try (EventBridgeClient client = eventBridgeClient()) {
            new EventBridgePublisher(client, BUS).publish(new EventPublisher.Event(EventTypes.REQUEST_APPROVED,
                    Map.of("requestId", request.id().value(), "target", request.target().value())));
        }

        assertThat(summaries).singleElement().satisfies(summary ->
                assertThat(summary).containsEntry("trigger", EventTypes.REQUEST_APPROVED));
        assertThat(firewall.targets(RULE_GROUP)).contains("huggingface.co");
        assertThat(requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void theSameEventDeliveredTwiceUpdatesTheFirewallOnceAndAnnouncesOnce() {
        FirewallSyncHandler handler = handler();
        AllowlistRequest request = approved("huggingface.co");
        Map<String, Object> event = allowListEvent(EventTypes.REQUEST_APPROVED, request.id().value());

        handler.handleRequest(event, null);
        Map<String, Object> second = handler.handleRequest(event, null);

        assertThat(firewall.successfulUpdates(RULE_GROUP)).isEqualTo(1);
        assertThat(second).containsEntry("versionsCreated", List.of()).containsEntry("versionsApplied", List.of())
                .containsEntry("updateRuleGroupCalls", 0);
        assertThat(details(EventTypes.VERSION_APPLIED)).hasSize(1);
        assertThat(notifier.applied).hasSize(1);
    }

    @Test
    void anApprovalThatArrivesDuringTheRunGoesOutInASecondPass() {
        FirewallSyncHandler handler = handler();
        handler.handleRequest(scheduled(), null);
        approved("huggingface.co");
        List<AllowlistRequest> late = new ArrayList<>();
        notifier.onVersionApplied = version -> {
            if (late.isEmpty()) {
                late.add(approved("github.com"));
            }
        };

        Map<String, Object> summary = handler.handleRequest(scheduled(), null);

        assertThat(summary).containsEntry("passes", 2).containsEntry("versionsApplied", List.of(2L, 3L));
        assertThat(firewall.targets(RULE_GROUP)).contains("huggingface.co", "github.com");
        assertThat(requests.find(late.get(0).id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void anOutOfBandEditIsAnnouncedAsDriftAndUndone() {
        FirewallSyncHandler handler = handler();
        handler.handleRequest(scheduled(), null);
        firewall.editOutOfBand(RULE_GROUP, TargetEdit.add(List.of("pastebin.com")));

        Map<String, Object> summary = handler.handleRequest(scheduled(), null);

        assertThat(summary).containsEntry("driftDetected", true);
        assertThat(firewall.targets(RULE_GROUP)).containsExactlyInAnyOrder(".amazonaws.com", "pypi.org");
        JsonNode drift = onlyDetail(EventTypes.DRIFT_DETECTED);
        assertThat(texts(drift.path("added"))).containsExactly("pastebin.com");
        assertThat(texts(drift.path("removed"))).isEmpty();
        assertThat(drift.path("mode").asText()).isEqualTo("ENFORCE");
        assertThat(notifier.drifts).singleElement().satisfies(d -> assertThat(d.added()).containsExactly("pastebin.com"));
    }

    // ---------------------------------------------------------------- failures

    @Test
    void aVersionThatDoesNotFitTheCapacityIsReportedOnceAndNotRetried() throws IOException {
        // Capacity 8 with two target types holds three targets (n×2 + 2).
        String small = FirewallSeed.domainList("small-group", 8, List.of("pypi.org")).seed(nfw).ruleGroupArn();
        env.ruleGroupArn(small).without(EnvKey.FIREWALL_NAME);
        FirewallSyncHandler handler = handler();
        handler.handleRequest(scheduled(), null);
        approved("a.example.com");
        approved("b.example.com");
        approved("c.example.com");

        Map<String, Object> first = handler.handleRequest(scheduled(), null);
        Map<String, Object> again = handler.handleRequest(scheduled(), null);

        assertThat(first.get("failure")).asString().contains("capacity");
        assertThat(again).containsKey("failure");
        assertThat(firewall.targets("small-group")).containsExactly("pypi.org");
        assertThat(notifier.failures).hasSize(1);
        JsonNode failed = onlyDetail(EventTypes.RECONCILE_FAILED);
        assertThat(failed.path("reason").asText()).isEqualTo("CAPACITY_EXCEEDED");
        assertThat(failed.path("retried").asBoolean()).isFalse();
        assertThat(failed.path("neededCapacity").asInt()).isEqualTo(10);
    }

    @Test
    void aTokenRaceThatOutlastsTheRetriesIsReportedAndRethrownForLambdaToRetry() {
        FirewallSyncHandler handler = handler();
        handler.handleRequest(scheduled(), null);
        AllowlistRequest request = approved("huggingface.co");
        firewall.forceTokenRace(RULE_GROUP, 20);

        assertThatThrownBy(() -> handler.handleRequest(scheduled(), null)).isInstanceOf(ReconcileException.class)
                .hasMessageContaining("token");

        assertThat(onlyDetail(EventTypes.RECONCILE_FAILED).path("retried").asBoolean()).isTrue();
        assertThat(notifier.failures).hasSize(1);
        assertThat(requests.find(request.id()).orElseThrow().intent()).isNotNull();
    }

    @Test
    void whenTheBusRejectsTheEventsTheInvocationFailsAfterTheFirewallIsUpdated() {
        FirewallSyncHandler handler = handler();
        handler.handleRequest(scheduled(), null);
        AllowlistRequest request = approved("huggingface.co");
        aws.faults(EventBridgeEmulator.TARGET_PREFIX).internalErrorNext(50);

        assertThatThrownBy(() -> handler.handleRequest(scheduled(), null))
                .isInstanceOf(RuntimeException.class);

        aws.faults(EventBridgeEmulator.TARGET_PREFIX).reset();
        assertThat(firewall.targets(RULE_GROUP)).contains("huggingface.co");
        assertThat(requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        Map<String, Object> retry = handler.handleRequest(scheduled(), null);
        assertThat(retry).containsEntry("updateRuleGroupCalls", 0).containsEntry("versionsCreated", List.of());
        assertThat(firewall.successfulUpdates(RULE_GROUP)).isEqualTo(1);
    }

    @Test
    void whenDynamoDbIsUnreachableTheInvocationFailsWithoutTouchingTheFirewall() throws IOException {
        try (ServerSocket unused = new ServerSocket(0)) {
            env.set(EnvKey.ENDPOINT_DYNAMODB, "http://127.0.0.1:" + unused.getLocalPort());
        }
        FirewallSyncHandler handler = handler();

        assertThatThrownBy(() -> handler.handleRequest(scheduled(), null)).isInstanceOf(SdkClientException.class);
        assertThat(firewall.successfulUpdates(RULE_GROUP)).isZero();
    }

    // ---------------------------------------------------------------- input

    @Test
    void eventsItDoesNotHandleAreIgnoredAndChangeNothing() {
        FirewallSyncHandler handler = handler();
        approved("huggingface.co");
        List<Map<String, Object>> unexpected = new ArrayList<>();
        unexpected.add(allowListEvent(EventTypes.REQUEST_SUBMITTED, "01ABC"));
        unexpected.add(Map.of("source", "aws.sagemaker", "detail-type", "AWS API Call via CloudTrail"));
        unexpected.add(Map.of("source", "aws.events"));
        unexpected.add(Map.of("source", 42, "detail-type", List.of("Scheduled Event")));
        unexpected.add(Map.of());
        unexpected.add(null);

        for (Map<String, Object> event : unexpected) {
            assertThat(handler.handleRequest(event, null)).containsEntry("ignored", true);
        }
        assertThat(versions.head()).isEmpty();
        assertThat(firewall.successfulUpdates(RULE_GROUP)).isZero();
        assertThat(eventBridge.published(BUS)).isEmpty();
    }

    @Test
    void aRuleGroupArnThatIsNotOneIsRefusedAtStartWithTheVariableNamed() {
        env.ruleGroupArn("studio-egress");

        assertThatThrownBy(this::handler).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnvKey.RULE_GROUP_ARN.name()).hasMessageContaining("stateful-rulegroup");
    }

    @Test
    void aMissingRuleGroupArnIsRefusedAtStart() {
        env.without(EnvKey.RULE_GROUP_ARN);

        assertThatThrownBy(this::handler).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnvKey.RULE_GROUP_ARN.name() + " is required");
    }

    // ---------------------------------------------------------------- helpers

    private FirewallSyncHandler handler() {
        return new FirewallSyncHandler(ControlPlane.builder(FunctionNames.FIREWALL_SYNC, env.config())
                .notifier(notifier).clock(clock).build());
    }


    private AllowlistRequest approved(String domain) {
        SubmitOutcome submitted = requestService.submit(domain, "model weights for the churn project", Optional.empty(),
                ALICE, Actor.api(ALICE.principal(), "10.0.1.5"), null);
        AllowlistRequest request = ((SubmitOutcome.Submitted) submitted).request();
        requestService.approve(request.id(), APPROVER);
        return request;
    }

    private EventBridgeClient eventBridgeClient() {
        return EventBridgeClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static Map<String, Object> scheduled() {
        return Map.of("version", "0", "id", "5d8e1c7a-1b0b-4c8e-9b3b-2f1f0c9a7e11", "detail-type", "Scheduled Event",
                "source", "aws.events", "account", "123456789012", "time", "2026-11-20T10:00:00Z",
                "region", "us-east-1", "resources", List.of("arn:aws:events:us-east-1:123456789012:rule/reconcile"),
                "detail", Map.of());
    }

    static Map<String, Object> allowListEvent(String detailType, String requestId) {
        return Map.of("version", "0", "id", "0f4c2a2e-77d1-4bd5-a7f3-9b0c1f3e2d10", "detail-type", detailType,
                "source", EventTypes.SOURCE, "account", "123456789012", "time", "2026-11-20T10:00:00Z",
                "region", "us-east-1", "resources", List.of(), "detail", Map.of("requestId", requestId));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(JsonNode envelope) {
        return JSON.convertValue(envelope, Map.class);
    }

    private List<JsonNode> details(String detailType) {
        return eventBridge.published(BUS).stream().filter(e -> e.detailType().equals(detailType))
                .map(PublishedEvent::envelope).map(e -> e.path("detail")).toList();
    }

    private JsonNode onlyDetail(String detailType) {
        List<JsonNode> found = details(detailType);
        assertThat(found).as("events of type " + detailType).hasSize(1);
        return found.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
