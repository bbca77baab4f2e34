package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.CreateResult;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.DecisionOutcome;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.store.TableSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading a deployment with one list: items written as the release before scopes wrote them (no {@code scope} on
 * requests, no {@code mode} on versions, no scope in audit details), read, listed, decided and reconciled by this
 * release on dynalite and the Network Firewall emulator. They are the scope {@code default}: the same requests, the
 * same version log continued without a gap, the same rule group, the same audit trail.
 */
@ExtendWith(DynaliteExtension.class)
class ScopeMigrationTest {

    private static final String ALICE = "arn:aws:sts::123456789012:assumed-role/StudioExec/alice";
    private static final String APPROVER = "U0APPROVE1";
    private static final Policy POLICY = ((PolicyParser.Parsed) PolicyParser.parse("""
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVE1
            """)).policy();

    private DynamoDbClient dynamo;
    private ReconcilerFixture fixture;
    private Instant before;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) throws Exception {
        this.dynamo = dynamo;
        fixture = new ReconcilerFixture(dynamo, 1_000, List.of("github.com", "pypi.org"));
        before = fixture.clock.instant().minus(Duration.ofDays(3));
        previousReleaseVersion(1, null, List.of("github.com"));
        previousReleaseVersion(2, 1L, List.of("github.com", "pypi.org"));
        previousReleaseRequest("01PREV0000000000000000ACTV", "pypi.org", RequestStatus.ACTIVE, 2L);
        previousReleaseRequest("01PREV0000000000000000PEND", "data.example.com", RequestStatus.PENDING, null);
        previousReleaseRequest("01PREV0000000000000000DENY", "x.example.com", RequestStatus.DENIED, null);
        previousReleaseSlot("data.example.com", "01PREV0000000000000000PEND");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    // ---- what the previous release wrote ------------------------------------------------------------

    /** A version as the previous release stored it: this release's item without {@code mode}. */
    private void previousReleaseVersion(long number, Long parent, List<String> targets) {
        fixture.versions.append(AllowlistVersion.create(number, parent, targets, number == 1 ? VersionCause.baseline()
                : VersionCause.requests(List.of()), "system:reconciler", before));
        fixture.versions.markApplied(new VersionNumber(number), before);
        dynamo.updateItem(b -> b.tableName(fixture.tables.versions())
                .key(Map.of(TableSchemas.VERSION_LOG_KEY, AttributeValue.fromS(ReconcilerFixture.RULE_GROUP),
                        TableSchemas.VERSION_NUMBER_KEY, AttributeValue.fromN(Long.toString(number))))
                .updateExpression("REMOVE #mode").expressionAttributeNames(Map.of("#mode", "mode")));
        assertThat(rawVersion(number)).doesNotContainKey("mode");
    }

    /** A request item exactly as the previous release's RequestItems.toItem wrote it, with its audit record. */
    private void previousReleaseRequest(String id, String target, RequestStatus status, Long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(id));
        item.put("entity", AttributeValue.fromS("REQUEST"));
        item.put("kind", AttributeValue.fromS("DOMAIN"));
        item.put("target", AttributeValue.fromS(target));
        item.put("principal", AttributeValue.fromS(ALICE));
        item.put("slackUser", AttributeValue.fromS("U0ALICE001"));
        item.put("studioProfile", AttributeValue.fromS("alice"));
        item.put("justification", AttributeValue.fromS("model training"));
        item.put("status", AttributeValue.fromS(status.name()));
        item.put("grantSeconds", AttributeValue.fromN(Long.toString(Duration.ofDays(30).toSeconds())));
        item.put("createdAt", millis(before));
        item.put("updatedAt", millis(before));
        item.put("pendingUntil", millis(before.plus(Duration.ofDays(7))));
        if (status == RequestStatus.ACTIVE) {
            item.put("expiresAt", millis(before.plus(Duration.ofDays(30))));
            item.put("version", AttributeValue.fromN(Long.toString(version)));
        }
        if (status != RequestStatus.PENDING) {
            item.put("decidedBy", AttributeValue.fromS("slack:" + APPROVER));
        }
        dynamo.putItem(b -> b.tableName(fixture.tables.requests()).item(item));
        fixture.audit.record(AuditEvent.requestCreated(fixture.requests.find(new RequestId(id)).orElseThrow(),
                new AuditEvent.By(ALICE, io.egressallowlist.shared.domain.Channel.API, "10.0.1.5"), before));
    }

    private void previousReleaseSlot(String target, String holder) {
        dynamo.putItem(b -> b.tableName(fixture.tables.requests()).item(Map.of(
                "id", AttributeValue.fromS("open#" + target), "holder", AttributeValue.fromS(holder),
                "claimedAt", millis(before),
                "ttl", AttributeValue.fromN(Long.toString(before.plus(Duration.ofDays(400)).getEpochSecond())))));
    }

    private static AttributeValue millis(Instant at) {
        return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
    }

    private Map<String, AttributeValue> rawVersion(long number) {
        return dynamo.getItem(b -> b.tableName(fixture.tables.versions()).consistentRead(true)
                .key(Map.of(TableSchemas.VERSION_LOG_KEY, AttributeValue.fromS(ReconcilerFixture.RULE_GROUP),
                        TableSchemas.VERSION_NUMBER_KEY, AttributeValue.fromN(Long.toString(number))))).item();
    }

    private Map<String, AttributeValue> rawRequest(String id) {
        return dynamo.getItem(b -> b.tableName(fixture.tables.requests()).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    private RequestService service() {
        return new RequestService(fixture.requests, fixture.versions, fixture.audit, POLICY, Duration.ofDays(7),
                fixture.clock, new Random(5));
    }

    // ---- what this release makes of it --------------------------------------------------------------

    @Test
    void requestsWithoutAScopeAreReadAndListedAsDefault() {
        assertThat(rawRequest("01PREV0000000000000000PEND")).doesNotContainKey("scope");
        AllowlistRequest pending = fixture.requests.find(new RequestId("01PREV0000000000000000PEND")).orElseThrow();

        assertThat(pending.scope()).isEqualTo(ScopeName.DEFAULT);
        assertThat(pending.mode()).isNull();
        assertThat(pending.target()).isEqualTo(new FirewallTarget("data.example.com"));
        assertThat(fixture.requests.list(RequestStatus.PENDING, null, ScopeName.DEFAULT, 10, null).items())
                .containsExactly(pending);
        assertThat(fixture.requests.list(RequestStatus.PENDING, null, ScopeName.of("risk"), 10, null).items()).isEmpty();
        assertThat(fixture.requests.listAll(null, ScopeName.DEFAULT, 10, null).items()).hasSize(3);
        assertThat(fixture.requests.activeFor(ScopeName.DEFAULT, new FirewallTarget("pypi.org")))
                .extracting(r -> r.id().value()).containsExactly("01PREV0000000000000000ACTV");
    }

    @Test
    void theOpenSlotThePreviousReleaseClaimedStillHoldsItsTarget() {
        AllowlistRequest again = AllowlistRequest.newDomainRequest(new RequestId("01NEW00000000000000000AGN1"),
                new FirewallTarget("data.example.com"), Requester.of(ALICE), "again", Duration.ofDays(30),
                fixture.clock.instant(), Duration.ofDays(7), false, null);

        CreateResult result = fixture.requests.create(again);

        assertThat(result).isInstanceOfSatisfying(CreateResult.ExistingOpenRequest.class, existing ->
                assertThat(existing.existing().id().value()).isEqualTo("01PREV0000000000000000PEND"));
    }

    @Test
    void versionsWithoutAModeEnforceAndTheLogContinuesWithoutAGap() {
        assertThat(fixture.versions.find(new VersionNumber(2))).map(AllowlistVersion::mode).contains(ScopeMode.ENFORCE);
        RequestId pending = new RequestId("01PREV0000000000000000PEND");

        DecisionOutcome approved = service().approve(pending, new Actor("slack:" + APPROVER,
                new SlackUserId(APPROVER), Set.of(), io.egressallowlist.shared.domain.Channel.SLACK, null));
        assertThat(approved).isInstanceOf(DecisionOutcome.Decided.class);
        assertThat(fixture.requests.withIntent(ScopeName.DEFAULT)).extracting(AllowlistRequest::id).containsExactly(pending);

        fixture.reconciler().run();

        AllowlistVersion three = fixture.versions.lastApplied().orElseThrow();
        assertThat(three.number()).isEqualTo(3);
        assertThat(three.parent()).isEqualTo(2L);
        assertThat(three.mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(three.targets()).containsExactly("data.example.com", "github.com", "pypi.org");
        assertThat(fixture.liveTargets()).containsExactlyInAnyOrder("data.example.com", "github.com", "pypi.org");
        assertThat(fixture.versions.list(null, 10)).extracting(VersionLog.VersionSummary::number)
                .containsExactly(3L, 2L, 1L);
        AllowlistRequest active = fixture.requests.find(pending).orElseThrow();
        assertThat(active.status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(active.scope()).isEqualTo(ScopeName.DEFAULT);
        assertThat(active.version()).isEqualTo(new VersionNumber(3));
    }

    @Test
    void theAuditTrailKeepsThePreviousRecordsAndAddsToThemInDefault() {
        RequestId pending = new RequestId("01PREV0000000000000000PEND");
        List<AuditEvent> earlier = fixture.audit.forRequest(pending);

        service().deny(pending, new Actor("slack:" + APPROVER, new SlackUserId(APPROVER), Set.of(),
                io.egressallowlist.shared.domain.Channel.SLACK, null), "not needed");

        List<AuditEvent> now = fixture.audit.forRequest(pending);
        assertThat(earlier).extracting(AuditEvent::action).containsExactly("REQUEST_CREATED");
        assertThat(earlier.get(0).details()).doesNotContainKey("scope");
        assertThat(now).extracting(AuditEvent::action).containsExactly("REQUEST_CREATED", "REQUEST_DENIED");
        assertThat(now.get(0)).isEqualTo(earlier.get(0));
        assertThat(now).allSatisfy(event -> assertThat(event.scope()).isEqualTo(ScopeName.DEFAULT));
        assertThat(rawRequest("01PREV0000000000000000PEND")).as("a change leaves the item without a scope")
                .doesNotContainKey("scope");
    }

    @Test
    void aSwitchOfModeAskedAndApprovedAfterTheUpgradeBecomesTheNextVersion() {
        RequestService service = service();
        Actor approver = new Actor("slack:" + APPROVER, new SlackUserId(APPROVER), Set.of(),
                io.egressallowlist.shared.domain.Channel.SLACK, null);
        Requester alice = new Requester(ALICE, "U0ALICE001", "alice");

        assertThat(service.currentMode(ScopeName.DEFAULT)).isEqualTo(ScopeMode.ENFORCE);
        var asked = service.requestModeChange(ScopeName.DEFAULT, ScopeMode.LEARN, "learn the new project's traffic",
                alice, Actor.api(ALICE, "10.0.1.5"), null);
        AllowlistRequest request = ((io.egressallowlist.shared.requests.SubmitOutcome.Submitted) asked).request();
        assertThat(service.approve(request.id(), approver)).isInstanceOf(DecisionOutcome.Decided.class);

        fixture.reconciler().run();

        AllowlistVersion three = fixture.versions.lastApplied().orElseThrow();
        assertThat(three.number()).isEqualTo(3);
        assertThat(three.mode()).isEqualTo(ScopeMode.LEARN);
        assertThat(three.targets()).containsExactly("github.com", "pypi.org");
        assertThat(fixture.ruleGroup.describe().mode()).isEqualTo(ScopeMode.LEARN);
        assertThat(fixture.requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(service.currentMode(ScopeName.DEFAULT)).isEqualTo(ScopeMode.LEARN);
        assertThat(service.requestModeChange(ScopeName.DEFAULT, ScopeMode.LEARN, "again", alice,
                Actor.api(ALICE, "10.0.1.5"), null))
                .isInstanceOf(io.egressallowlist.shared.requests.SubmitOutcome.Invalid.class);
    }
}
