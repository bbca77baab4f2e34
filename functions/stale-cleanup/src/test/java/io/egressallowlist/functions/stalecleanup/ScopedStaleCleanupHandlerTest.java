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
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.reconcile.Reconciler;
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
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * stale-cleanup in a deployment with scopes ({@code SCOPES_FILE}): each scope's entries are judged on its own version
 * log and removed from that scope only, on the one firewall's traffic evidence.
 */
@ExtendWith(DynaliteExtension.class)
class ScopedStaleCleanupHandlerTest {

    private static final String BUS = "egress-allowlist";
    private static final String FIREWALL = "studio-egress-firewall";
    private static final List<String> BASELINE = List.of(".amazonaws.com", "legacy.example.net");
    private static final ScopeName RISK = ScopeName.of("risk");
    private static final ScopeName RESEARCH = ScopeName.of("research");
    private static final AtomicLong IDS = new AtomicLong();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T09:00:00Z"));
    private final NetworkFirewallEmulator firewall = NetworkFirewallEmulator.builder().clock(clock).build();
    private final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    private AwsJsonServer aws;
    private NetworkFirewallClient nfw;
    private ControlPlaneEnvironment env;
    private DynamoRequestStore requests;
    private Reconciler riskReconciler;
    private Reconciler researchReconciler;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws IOException {
        aws = AwsJsonServer.start(0, firewall, eventBridge);
        eventBridge.createEventBus(BUS);
        nfw = NetworkFirewallClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String riskArn = FirewallSeed.domainList("egress-risk", 30_000, BASELINE).policy("studio-egress-policy")
                .firewall(FIREWALL, "vpc-0a1b2c3d4e5f60718", "subnet-0f1a0000000000a01")
                .analysing(EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST).seed(nfw).ruleGroupArn();
        String researchArn = FirewallSeed.domainList("egress-research", 30_000, BASELINE).seed(nfw).ruleGroupArn();
        Files.writeString(dir.resolve("team.policy"), LocalEnvironment.ONE_APPROVER_POLICY, StandardCharsets.UTF_8);
        Path scopes = Files.writeString(dir.resolve("scopes.txt"), """
                scope risk
                rule-group = %s
                policy = team.policy

                scope research
                rule-group = %s
                policy = team.policy
                """.formatted(riskArn, researchArn), StandardCharsets.UTF_8);

        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("scoped-stale"));
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        DynamoAuditTrail audit = new DynamoAuditTrail(dynamo, tables.audit());
        riskReconciler = new Reconciler(new DynamoVersionLog(dynamo, tables.versions(), "egress-risk"), requests, audit,
                new NetworkFirewallRuleGroup(nfw, riskArn), clock,
                Reconciler.Settings.defaults().withScope(RISK, ScopeMode.ENFORCE), d -> { }, new Random(1),
                Reconciler.NONE);
        researchReconciler = new Reconciler(new DynamoVersionLog(dynamo, tables.versions(), "egress-research"),
                requests, audit, new NetworkFirewallRuleGroup(nfw, researchArn), clock,
                Reconciler.Settings.defaults().withScope(RESEARCH, ScopeMode.ENFORCE), d -> { }, new Random(2),
                Reconciler.NONE);
        env = LocalEnvironment.of(tables, BUS, dynalite.endpoint(), aws.endpoint()).ruleGroupArn(riskArn)
                .firewallName(FIREWALL).policy(LocalEnvironment.ONE_APPROVER_POLICY).scopesFile(scopes.toString())
                .staleAction(StaleAction.REMOVE);
    }

    @AfterEach
    void tearDown() {
        nfw.close();
        aws.close();
        eventBridge.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachScopesEntriesAreJudgedOnItsOwnLogAndRemovedFromThatScopeOnly() {
        riskReconciler.run();
        researchReconciler.run();
        AllowlistRequest riskGrant = approved(RISK, "unused.example.org");
        riskReconciler.run();
        clock.advance(Duration.ofDays(35));
        AllowlistRequest researchGrant = approved(RESEARCH, "unused.example.org");
        researchReconciler.run();
        clock.advance(Duration.ofDays(10));
        Instant recently = clock.instant().minus(Duration.ofDays(1));
        firewall.recordTraffic(FIREWALL, TrafficHit.of("sts.amazonaws.com", "HTTP_HOST", 9, recently, recently));

        Map<String, Object> summary = new StaleCleanupHandler(ControlPlane.builder(FunctionNames.STALE_CLEANUP,
                env.config()).notifier(new RecordingNotifier()).clock(clock).build()).handleRequest(scheduled(), null);

        assertThat((List<Object>) summary.get("stale")).containsExactlyInAnyOrder("risk:legacy.example.net",
                "risk:unused.example.org", "research:legacy.example.net");
        assertThat(summary.get("removedUnused")).isEqualTo(List.of(riskGrant.id().value()));
        assertThat(requests.find(riskGrant.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(requests.find(researchGrant.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(requests.withIntent(RISK)).extracting(AllowlistRequest::id).containsExactly(riskGrant.id());
        assertThat(requests.withIntent(RESEARCH)).isEmpty();
        assertThat(details(EventTypes.GRANT_EXPIRED)).singleElement()
                .satisfies(detail -> assertThat(detail.path("scope").asText()).isEqualTo("risk"));
        assertThat(details(EventTypes.STALE_ENTRIES_FOUND)).extracting(detail -> detail.path("scope").asText())
                .containsExactlyInAnyOrder("risk", "research");
    }

    private AllowlistRequest approved(ScopeName scope, String target) {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(
                new RequestId(String.format("01STC%021d", IDS.incrementAndGet())), new FirewallTarget(target),
                Requester.of("arn:aws:iam::123456789012:user/" + scope.value()), "needed", Duration.ofDays(90),
                clock.instant(), Duration.ofDays(7), false, null).inScope(scope);
        requests.create(request);
        clock.advance(Duration.ofMillis(1));
        requests.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, clock.instant())
                .decidedBy("U0APPROVER1").intent(Intent.ADD));
        return request;
    }

    private List<JsonNode> details(String detailType) {
        return eventBridge.published(BUS).stream().filter(e -> e.detailType().equals(detailType))
                .map(PublishedEvent::envelope).map(e -> e.path("detail")).toList();
    }

    private static Map<String, Object> scheduled() {
        return Map.of("version", "0", "id", "3b1f0d5e-8a0c-4a51-9d0e-6c4d2b8f9a11", "detail-type", "Scheduled Event",
                "source", "aws.events", "account", "123456789012", "time", "2026-11-15T09:00:00Z",
                "region", "us-east-1", "resources", List.of("arn:aws:events:us-east-1:123456789012:rule/cleanup"),
                "detail", Map.of());
    }
}
