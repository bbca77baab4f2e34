package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.DecisionOutcome;
import io.egressallowlist.shared.requests.RequestService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoked grants leave the firewall in the next version, whose cause names them; a cancelled approval never
 * reaches it; and a revocation that lands in the middle of a run, at any step boundary, converges. Through the
 * real SDK clients on dynalite and the Network Firewall emulator.
 */
@ExtendWith(DynaliteExtension.class)
class RevocationReconcileTest {

    private static final Actor APPROVER = Actor.slack(new SlackUserId("U0APPROVE01"), Set.of());

    private ReconcilerFixture fixture;
    private RequestService service;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        fixture.reconciler().run();
        String policy = "default-duration = P30D\nmax-duration = P90D\nquorum = 1\napprovers = U0APPROVE01\n";
        service = new RequestService(fixture.requests, fixture.versions, fixture.audit,
                ((PolicyParser.Parsed) PolicyParser.parse(policy)).policy(), Duration.ofDays(7), fixture.clock,
                new Random(5));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private void revoke(AllowlistRequest request) {
        DecisionOutcome outcome = service.revoke(request.id(), APPROVER, "no longer needed");
        assertThat(outcome).isInstanceOf(DecisionOutcome.Decided.class);
    }

    @Test
    void aRevokedActiveGrantIsRemovedByTheNextVersionWhoseCauseSaysRevoked() {
        AllowlistRequest grant = fixture.approved("example.org");
        fixture.reconciler().run();
        assertThat(fixture.liveTargets()).contains("example.org");

        revoke(grant);
        fixture.reconciler().run();

        assertThat(fixture.liveTargets()).containsExactly("pypi.org");
        AllowlistVersion removal = fixture.versions.head().orElseThrow();
        assertThat(removal.number()).isEqualTo(3);
        assertThat(removal.isApplied()).isTrue();
        assertThat(removal.cause().requestIds()).containsExactly(grant.id());
        assertThat(removal.cause().describe()).isEqualTo("revoked " + grant.id());
        AllowlistRequest after = fixture.requests.find(grant.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(RequestStatus.REVOKED);
        assertThat(after.intent()).isNull();
    }

    @Test
    void anApprovedRequestCancelledBeforeAnyVersionNeverReachesTheFirewall() {
        AllowlistRequest approved = fixture.approved("example.org");

        revoke(approved);
        ReconcileReport report = fixture.reconciler().run();

        assertThat(report.created()).isEmpty();
        assertThat(fixture.liveTargets()).containsExactly("pypi.org");
        assertThat(fixture.versions.head().orElseThrow().number()).isEqualTo(1);
        assertThat(fixture.requests.find(approved.id()).orElseThrow().intent()).isNull();
        assertThat(fixture.firewall.successfulUpdates(ReconcilerFixture.RULE_GROUP)).isZero();
    }

    @ParameterizedTest
    @EnumSource(ReconcileStep.class)
    void aCancellationDuringARunAtThisStepConvergesToTheTargetBeingGone(ReconcileStep revokedAt) {
        AllowlistRequest approved = fixture.approved("example.org");
        AllowlistRequest other = fixture.approved("other.example.org");

        fixture.reconciler(Reconciler.Settings.defaults(), step -> {
            if (step == revokedAt) {
                revoke(approved);
            }
        }).run();
        fixture.reconciler().run();
        fixture.reconciler().run();

        assertThat(fixture.liveTargets()).containsExactly("other.example.org", "pypi.org");
        assertThat(fixture.versions.head().orElseThrow().isApplied()).isTrue();
        assertThat(fixture.versions.head().orElseThrow().targets()).containsExactly("other.example.org", "pypi.org");
        AllowlistRequest cancelled = fixture.requests.find(approved.id()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(RequestStatus.REVOKED);
        assertThat(cancelled.intent()).isNull();
        assertThat(fixture.requests.find(other.id()).orElseThrow().status()).isEqualTo(RequestStatus.ACTIVE);
        if (fixture.versions.head().orElseThrow().number() > 2) {
            // The version carrying it reached the firewall before the cancellation: the next one took it out.
            assertThat(fixture.versions.head().orElseThrow().cause().type()).isEqualTo(VersionCause.Type.REQUESTS);
            assertThat(fixture.versions.head().orElseThrow().cause().describe()).contains("revoked " + approved.id());
        }
    }
}
