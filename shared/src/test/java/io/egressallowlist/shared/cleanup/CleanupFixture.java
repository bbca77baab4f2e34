package io.egressallowlist.shared.cleanup;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.notify.RecordingNotifier;
import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.networkfirewall.TrafficHit;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.eventbridge.EventBridgePublisher;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.firewall.NetworkFirewallTrafficAnalysis;
import io.egressallowlist.shared.reconcile.Reconciler;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryRuleGroup;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import io.egressallowlist.shared.testing.memory.RecordingEventPublisher;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cleanup on a clock the test moves, its traffic evidence from the Network Firewall emulator's analysis
 * reports (a firewall analysing the given traffic types) through the real SDK client. The requests, the
 * version log, the audit trail, the rule group and the bus are either in memory ({@link #inMemory}) or real
 * ({@link #onDynaliteAndEmulators}: dynalite, the emulator's rule group, the EventBridge emulator). The
 * reconciler is used to make grants ACTIVE the way production does.
 */
final class CleanupFixture implements AutoCloseable {

    static final String BUS = "egress-allowlist";
    static final String RULE_GROUP = "studio-egress";
    static final String FIREWALL = "studio-egress-firewall";
    static final String POLICY = """
            default-duration = P90D
            max-duration     = P180D
            quorum           = 1
            approvers        = U0APPROVE1
            """;
    static final Requester ALICE = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/alice",
            "U0ALICE0001", "alice");
    static final Actor APPROVER = Actor.slack(new SlackUserId("U0APPROVE1"), Set.of());

    final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T09:00:00Z"));
    final NetworkFirewallEmulator firewall = NetworkFirewallEmulator.builder().clock(clock).build();
    final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    final AwsJsonServer aws;
    final NetworkFirewallClient nfw;
    final EventBridgeClient events;
    final RequestRepository requests;
    final VersionLog versions;
    final AuditTrail audit;
    final RequestService requestService;
    final Reconciler reconciler;
    final RecordingNotifier notifier = new RecordingNotifier();
    private final EventPublisher publisher;
    private final Supplier<List<String>> enforcedTargets;
    private final Function<String, List<JsonNode>> publishedDetails;

    /** The ports in memory; only the traffic reports come from the emulator. */
    static CleanupFixture inMemory(List<String> baseline, EnabledAnalysisType... analysed) throws IOException {
        return new CleanupFixture(null, baseline, analysed);
    }

    /** Every port through the real SDK clients, as the deployed function runs. */
    static CleanupFixture onDynaliteAndEmulators(DynamoDbClient dynamo, List<String> baseline,
                                                 EnabledAnalysisType... analysed) throws IOException {
        return new CleanupFixture(dynamo, baseline, analysed);
    }

    private CleanupFixture(DynamoDbClient dynamo, List<String> baseline, EnabledAnalysisType... analysed)
            throws IOException {
        aws = AwsJsonServer.start(0, firewall, eventBridge);
        eventBridge.createEventBus(BUS);
        nfw = NetworkFirewallClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        events = EventBridgeClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String ruleGroupArn = FirewallSeed.domainList(RULE_GROUP, 30_000, baseline).policy("studio-egress-policy")
                .firewall(FIREWALL, "vpc-0a1b2c3d4e5f60718", "subnet-0f1a0000000000a01").analysing(analysed)
                .seed(nfw).ruleGroupArn();

        // In memory, the emulator's rule group only completes the firewall that records the traffic.
        RuleGroupGateway ruleGroup;
        if (dynamo == null) {
            requests = new InMemoryRequestStore(clock);
            versions = new InMemoryVersionLog();
            audit = new InMemoryAuditTrail();
            InMemoryRuleGroup inMemory = InMemoryRuleGroup.withBothTargetTypes(30_000, baseline);
            RecordingEventPublisher recording = new RecordingEventPublisher();
            ruleGroup = inMemory;
            publisher = recording;
            enforcedTargets = inMemory::targets;
            publishedDetails = recording::details;
        } else {
            TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("clean"));
            TableSchemas.createAll(dynamo, tables);
            requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
            versions = new DynamoVersionLog(dynamo, tables.versions(), RULE_GROUP);
            audit = new DynamoAuditTrail(dynamo, tables.audit());
            ruleGroup = new NetworkFirewallRuleGroup(nfw, ruleGroupArn);
            publisher = new EventBridgePublisher(events, BUS);
            enforcedTargets = () -> firewall.targets(RULE_GROUP);
            publishedDetails = detailType -> eventBridge.published(BUS).stream()
                    .filter(e -> e.detailType().equals(detailType))
                    .map(PublishedEvent::envelope).map(e -> e.path("detail")).toList();
        }
        requestService = new RequestService(requests, versions, audit,
                ((PolicyParser.Parsed) PolicyParser.parse(POLICY)).policy(), Duration.ofDays(7), clock, new Random(3));
        reconciler = new Reconciler(versions, requests, audit, ruleGroup, clock,
                Reconciler.Settings.defaults(), d -> { }, new Random(5), Reconciler.NONE);
    }

    CleanupService cleanup(StaleAction action) {
        return cleanup(CleanupService.Settings.of(Duration.ofDays(3), Duration.ofDays(30), action));
    }

    CleanupService cleanup(CleanupService.Settings settings) {
        return new CleanupService(requestService, requests, versions, audit,
                Optional.of(new NetworkFirewallTrafficAnalysis(nfw, FIREWALL)), publisher, notifier, clock, settings);
    }

    /** Cleanup over several scopes' version logs, in the order given. */
    CleanupService cleanup(StaleAction action, java.util.Map<io.egressallowlist.shared.domain.ScopeName, VersionLog> logs) {
        return new CleanupService(requestService, requests, logs, audit,
                Optional.of(new NetworkFirewallTrafficAnalysis(nfw, FIREWALL)), publisher, notifier, clock,
                CleanupService.Settings.of(Duration.ofDays(3), Duration.ofDays(30), action));
    }

    /** Submitted by Alice and approved; pending until the reconciler runs. */
    AllowlistRequest approved(String domain, Optional<Duration> duration) {
        AllowlistRequest request = submitted(domain, duration);
        requestService.approve(request.id(), APPROVER);
        return request;
    }

    AllowlistRequest submitted(String domain, Optional<Duration> duration) {
        SubmitOutcome outcome = requestService.submit(domain, "needed for the churn model", duration, ALICE,
                Actor.api(ALICE.principal(), "10.0.1.5"), null);
        return ((SubmitOutcome.Submitted) outcome).request();
    }

    void traffic(String domain, String protocol, Duration ago) {
        Instant at = clock.instant().minus(ago);
        firewall.recordTraffic(FIREWALL, TrafficHit.of(domain, protocol, 3, at.minusSeconds(60), at));
    }

    /** What the rule group enforces now. */
    List<String> enforcedTargets() {
        return enforcedTargets.get();
    }

    /** The details of the published events of one type, as a subscriber of the bus reads them. */
    List<JsonNode> published(String detailType) {
        return publishedDetails.apply(detailType);
    }

    @Override
    public void close() {
        nfw.close();
        events.close();
        aws.close();
        eventBridge.close();
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
