package io.egressallowlist.functions.firewallsync;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.reconcile.ReconcileException;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * firewall-sync in a deployment with scopes ({@code SCOPES_FILE}): the schedule reconciles every scope, an event
 * naming a scope reconciles that one, and an event naming a scope the deployment does not have changes nothing.
 */
@ExtendWith(DynaliteExtension.class)
class ScopedFirewallSyncHandlerTest {

    private static final String BUS = "egress-allowlist";
    private static final List<String> BASELINE = List.of(".amazonaws.com", "pypi.org");
    private static final ScopeName RISK = ScopeName.of("risk");
    private static final ScopeName RESEARCH = ScopeName.of("research");
    private static final AtomicLong IDS = new AtomicLong();

    private final NetworkFirewallEmulator firewall = new NetworkFirewallEmulator();
    private final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    private AwsJsonServer aws;
    private NetworkFirewallClient nfw;
    private ControlPlaneEnvironment env;
    private DynamoRequestStore requests;
    private TableNames tables;
    private DynamoDbClient dynamo;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws IOException {
        this.dynamo = dynamo;
        aws = AwsJsonServer.start(0, firewall, eventBridge);
        eventBridge.createEventBus(BUS);
        nfw = NetworkFirewallClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String riskArn = FirewallSeed.domainList("egress-risk", 30_000, BASELINE).seed(nfw).ruleGroupArn();
        String researchArn = FirewallSeed.domainList("egress-research", 30_000, BASELINE).seed(nfw).ruleGroupArn();
        Files.writeString(dir.resolve("team.policy"), LocalEnvironment.ONE_APPROVER_POLICY, StandardCharsets.UTF_8);
        Path scopes = Files.writeString(dir.resolve("scopes.txt"), """
                scope risk
                rule-group = %s
                studio-domains = d-risk00000001
                policy = team.policy

                scope research
                rule-group = %s
                studio-domains = d-research0001
                policy = team.policy
                """.formatted(riskArn, researchArn), StandardCharsets.UTF_8);

        tables = TableNames.withPrefix(DynaliteExtension.uniqueName("scoped-sync"));
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests());
        env = LocalEnvironment.of(tables, BUS, dynalite.endpoint(), aws.endpoint()).ruleGroupArn(riskArn)
                .policy(LocalEnvironment.ONE_APPROVER_POLICY).scopesFile(scopes.toString());
    }

    @AfterEach
    void tearDown() {
        nfw.close();
        aws.close();
        eventBridge.close();
    }

    @Test
    void theScheduleReconcilesEveryScopeIntoItsOwnRuleGroupAndTheSummaryListsEach() {
        AllowlistRequest risk = approved(RISK, "risk-data.example.com");
        AllowlistRequest research = approved(RESEARCH, "huggingface.co");

        Map<String, Object> summary = handler().handleRequest(FirewallSyncHandlerTest.scheduled(), null);

        assertThat(summary).containsEntry("trigger", "schedule").containsEntry("failed", List.of());
        assertThat(scopeSummary(summary, "risk")).containsEntry("versionsApplied", List.of(2L))
                .containsEntry("activated", 1).containsEntry("updateRuleGroupCalls", 1);
        assertThat(scopeSummary(summary, "research")).containsEntry("versionsApplied", List.of(2L));
        assertThat(firewall.targets("egress-risk")).contains("risk-data.example.com").doesNotContain("huggingface.co");
        assertThat(firewall.targets("egress-research")).contains("huggingface.co")
                .doesNotContain("risk-data.example.com");
        assertThat(requests.find(risk.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(requests.find(research.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(new DynamoVersionLog(dynamo, tables.versions(), "egress-research").head().orElseThrow().number())
                .isEqualTo(2);
        assertThat(details(EventTypes.VERSION_APPLIED)).extracting(detail -> detail.path("scope").asText())
                .containsExactlyInAnyOrder("risk", "research");
    }

    @Test
    void anEventNamingAScopeReconcilesThatScopeOnly() {
        FirewallSyncHandler handler = handler();
        handler.handleRequest(FirewallSyncHandlerTest.scheduled(), null);
        AllowlistRequest risk = approved(RISK, "risk-data.example.com");
        AllowlistRequest research = approved(RESEARCH, "huggingface.co");

        Map<String, Object> summary = handler.handleRequest(approvedEvent(research, "research"), null);

        assertThat(summary).containsEntry("trigger", EventTypes.REQUEST_APPROVED).containsEntry("scope", "research")
                .containsEntry("versionsApplied", List.of(2L));
        assertThat(firewall.targets("egress-research")).contains("huggingface.co");
        assertThat(firewall.targets("egress-risk")).doesNotContain("risk-data.example.com");
        assertThat(requests.find(risk.id()).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void anEventNamingNoScopeIsDefaultsAndReconcilesDefaultAloneWhenTheDeploymentHasIt() throws IOException {
        String defaultArn = FirewallSeed.domainList("egress-default", 30_000, BASELINE).seed(nfw).ruleGroupArn();
        String riskArn = nfw.describeRuleGroup(r -> r.ruleGroupName("egress-risk").type("STATEFUL"))
                .ruleGroupResponse().ruleGroupArn();
        Files.writeString(dir.resolve("scopes.txt"), """
                scope default
                rule-group = %s
                policy = team.policy

                scope risk
                rule-group = %s
                studio-domains = d-risk00000001
                policy = team.policy
                """.formatted(defaultArn, riskArn), StandardCharsets.UTF_8);
        FirewallSyncHandler handler = handler();
        handler.handleRequest(FirewallSyncHandlerTest.scheduled(), null);
        AllowlistRequest mine = approved(ScopeName.DEFAULT, "default-data.example.com");
        AllowlistRequest risk = approved(RISK, "risk-data.example.com");

        Map<String, Object> summary = handler.handleRequest(Map.of("detail-type", EventTypes.REQUEST_APPROVED,
                "source", EventTypes.SOURCE, "detail", Map.of("requestId", mine.id().value())), null);

        assertThat(summary).containsEntry("scope", "default").containsEntry("versionsApplied", List.of(2L));
        assertThat(firewall.targets("egress-default")).contains("default-data.example.com");
        assertThat(firewall.targets("egress-risk")).doesNotContain("risk-data.example.com");
        assertThat(requests.find(risk.id()).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void anEventNamingAScopeTheDeploymentDoesNotHaveIsRefusedAndChangesNothing() {
        FirewallSyncHandler handler = handler();
        AllowlistRequest risk = approved(RISK, "risk-data.example.com");

        Map<String, Object> unknown = handler.handleRequest(approvedEvent(risk, "finance"), null);
        Map<String, Object> malformed = handler.handleRequest(approvedEvent(risk, "Finance; DROP"), null);

        assertThat(unknown).containsEntry("ignored", true);
        assertThat((String) unknown.get("reason")).contains("there is no scope finance").contains("risk", "research");
        assertThat(malformed).containsEntry("ignored", true);
        assertThat((String) malformed.get("reason")).contains("is not a scope name");
        assertThat(firewall.successfulUpdates("egress-risk")).isZero();
        assertThat(new DynamoVersionLog(dynamo, tables.versions(), "egress-risk").head()).isEmpty();
        assertThat(requests.find(risk.id()).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(eventBridge.published(BUS)).isEmpty();
    }

    @Test
    void aScopeThatFailsFailsTheInvocationOnlyAfterTheOtherScopesAreDone() {
        FirewallSyncHandler handler = handler();
        handler.handleRequest(FirewallSyncHandlerTest.scheduled(), null);
        approved(RISK, "risk-data.example.com");
        AllowlistRequest research = approved(RESEARCH, "huggingface.co");
        firewall.forceTokenRace("egress-risk", 50);

        assertThatThrownBy(() -> handler.handleRequest(FirewallSyncHandlerTest.scheduled(), null))
                .isInstanceOf(ReconcileException.class).hasMessageContaining("token conflicts");

        assertThat(requests.find(research.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(firewall.targets("egress-research")).contains("huggingface.co");
        assertThat(details(EventTypes.RECONCILE_FAILED)).singleElement()
                .satisfies(detail -> assertThat(detail.path("scope").asText()).isEqualTo("risk"));
    }

    private FirewallSyncHandler handler() {
        return new FirewallSyncHandler(ControlPlane.builder(FunctionNames.FIREWALL_SYNC, env.config())
                .notifier(new RecordingNotifier()).build());
    }

    /** A request of {@code scope} as the request use cases leave it once approved. */
    private AllowlistRequest approved(ScopeName scope, String target) {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(
                new RequestId(String.format("01HSC%021d", IDS.incrementAndGet())), new FirewallTarget(target),
                Requester.of("arn:aws:iam::123456789012:user/" + scope.value()), "needed", Duration.ofDays(30),
                Clock.systemUTC().instant(), Duration.ofDays(7), false, null).inScope(scope);
        requests.create(request);
        requests.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED,
                Clock.systemUTC().instant()).decidedBy("U0APPROVER1").intent(Intent.ADD));
        return request;
    }

    private static Map<String, Object> approvedEvent(AllowlistRequest request, String scope) {
        return Map.of("version", "0", "id", "0f4c2a2e-77d1-4bd5-a7f3-9b0c1f3e2d11", "detail-type",
                EventTypes.REQUEST_APPROVED, "source", EventTypes.SOURCE, "account", "123456789012",
                "time", "2026-11-20T10:00:00Z", "region", "us-east-1", "resources", List.of(),
                "detail", Map.of("requestId", request.id().value(), "scope", scope));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scopeSummary(Map<String, Object> summary, String scope) {
        return ((Map<String, Map<String, Object>>) summary.get("scopes")).get(scope);
    }

    private List<JsonNode> details(String detailType) {
        return eventBridge.published(BUS).stream().filter(e -> e.detailType().equals(detailType))
                .map(PublishedEvent::envelope).map(e -> e.path("detail")).toList();
    }
}
