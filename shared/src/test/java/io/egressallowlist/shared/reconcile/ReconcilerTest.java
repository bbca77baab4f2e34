package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the reconciler decides, on the in-memory ports. Token races, SDK retries, outages and crashes are
 * proven through the real SDK clients on dynalite and the Network Firewall emulator (ReconcilerFaultsTest,
 * ReconcilerCrashTest, ReconcilerKilledProcessTest, ConcurrencyUnderFaultsTest).
 */
class ReconcilerTest {

    private InMemoryReconcilerFixture fixture = new InMemoryReconcilerFixture(30_000, List.of(".amazonaws.com", "pypi.org"));

    @Test
    void theFirstRunRecordsTheLiveRuleGroupAsTheBaseline() {
        ReconcileReport report = fixture.reconciler().run();

        AllowlistVersion baseline = fixture.versions.head().orElseThrow();
        assertThat(baseline.number()).isEqualTo(1);
        assertThat(baseline.cause().type()).isEqualTo(VersionCause.Type.BASELINE);
        assertThat(baseline.isApplied()).isTrue();
        assertThat(baseline.targets()).containsExactly(".amazonaws.com", "pypi.org");
        assertThat(report.updateRuleGroupCalls()).isZero();
        assertThat(fixture.ruleGroup.successfulUpdates()).isZero();
    }

    @Test
    void fiftyApprovalsBecomeOneVersionAndOneUpdate() {
        fixture.reconciler().run();
        List<AllowlistRequest> approved = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            approved.add(fixture.approved("host" + i + ".example.com"));
        }

        ReconcileReport report = fixture.reconciler().run();

        assertThat(report.created()).map(AllowlistVersion::number).contains(2L);
        assertThat(report.activated()).hasSize(50);
        assertThat(fixture.ruleGroup.successfulUpdates()).isEqualTo(1);
        assertThat(fixture.liveTargets()).hasSize(52).contains("host0.example.com", "host49.example.com", "pypi.org");
        AllowlistVersion version = fixture.versions.find(new VersionNumber(2)).orElseThrow();
        assertThat(version.isApplied()).isTrue();
        assertThat(version.parent()).isEqualTo(1L);
        assertThat(version.cause().requestIds()).containsExactlyInAnyOrderElementsOf(
                approved.stream().map(AllowlistRequest::id).toList());
        for (AllowlistRequest request : approved) {
            AllowlistRequest now = fixture.requests.find(request.id()).orElseThrow();
            assertThat(now.status()).isEqualTo(RequestStatus.ACTIVE);
            assertThat(now.version()).isEqualTo(new VersionNumber(2));
            assertThat(now.intent()).isNull();
            assertThat(now.expiresAt()).isEqualTo(fixture.clock.instant().plus(Duration.ofDays(30)));
            assertThat(fixture.audit.forRequest(request.id())).extracting(AuditEvent::action)
                    .containsExactly("REQUEST_ACTIVATED");
        }
        assertThat(fixture.audit.forVersion(new VersionNumber(2))).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder("VERSION_CREATED", "VERSION_APPLIED");
    }

    @Test
    void aRunWithNothingToDoChangesNothing() {
        fixture.reconciler().run();
        fixture.approved("example.com");
        fixture.reconciler().run();

        ReconcileReport idle = fixture.reconciler().run();

        assertThat(idle.changedAnything()).isFalse();
        assertThat(fixture.versions.head().orElseThrow().number()).isEqualTo(2);
        assertThat(fixture.ruleGroup.successfulUpdates()).isEqualTo(1);
    }

    @Test
    void driftIsRecordedAndEnforcedByDefault() {
        fixture.reconciler().run();
        fixture.ruleGroup.addOutOfBand(".pastebin.com");

        ReconcileReport report = fixture.reconciler().run();

        assertThat(report.drift()).hasValueSatisfying(d -> assertThat(d.added()).containsExactly(".pastebin.com"));
        assertThat(fixture.liveTargets()).containsExactlyInAnyOrder(".amazonaws.com", "pypi.org");
        assertThat(fixture.versions.head().orElseThrow().number()).as("enforcing creates no version").isEqualTo(1);
        assertThat(fixture.audit.forVersion(new VersionNumber(1))).extracting(AuditEvent::action).contains("DRIFT_DETECTED");
    }

    @Test
    void driftIsAdoptedAsANewVersionWhenConfigured() {
        fixture.reconciler().run();
        fixture.ruleGroup.removeOutOfBand("pypi.org");
        AllowlistRequest next = fixture.approved("example.com");

        ReconcileReport report = fixture.reconciler(Reconciler.Settings.defaults().withDriftMode(DriftMode.ADOPT),
                Reconciler.NONE).run();

        assertThat(report.drift()).isPresent();
        AllowlistVersion adopted = fixture.versions.find(new VersionNumber(2)).orElseThrow();
        assertThat(adopted.cause().type()).isEqualTo(VersionCause.Type.DRIFT);
        assertThat(adopted.targets()).containsExactly(".amazonaws.com");
        assertThat(fixture.versions.find(new VersionNumber(3)).orElseThrow().targets()).containsExactly(".amazonaws.com", "example.com");
        assertThat(fixture.liveTargets()).containsExactlyInAnyOrder(".amazonaws.com", "example.com");
        assertThat(fixture.status(next)).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void aVersionThatExceedsCapacityIsRefusedAndNothingChanges() {
        // Capacity 10 with two target types holds (10 - 2) / 2 = 4 targets.
        fixture = new InMemoryReconcilerFixture(10, List.of("a.example.com", "b.example.com", "c.example.com"));
        fixture.reconciler().run();
        AllowlistRequest fourth = fixture.approved("d.example.com");
        AllowlistRequest fifth = fixture.approved("e.example.com");

        assertThatThrownBy(() -> fixture.reconciler().run())
                .isInstanceOf(CapacityExceededException.class)
                .hasMessageContaining("capacity 12 for 5 targets")
                .hasMessageContaining("has capacity 10");

        assertThat(fixture.versions.head().orElseThrow().number()).isEqualTo(1);
        assertThat(fixture.liveTargets()).hasSize(3);
        assertThat(fixture.status(fourth)).isEqualTo(RequestStatus.APPROVED);
        assertThat(fixture.status(fifth)).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void exactlyFullCapacityIsAccepted() {
        fixture = new InMemoryReconcilerFixture(10, List.of("a.example.com", "b.example.com", "c.example.com"));
        fixture.reconciler().run();
        fixture.approved("d.example.com");

        fixture.reconciler().run();

        assertThat(fixture.liveTargets()).hasSize(4);
    }

    @Test
    void aRollbackRestoresAnEarlierVersionAndRevokesWhatItRemoves() {
        fixture.reconciler().run();
        AllowlistRequest first = fixture.approved("first.example.com");
        fixture.reconciler().run();
        AllowlistRequest second = fixture.approved("second.example.com");
        fixture.reconciler().run();
        AllowlistRequest rollback = fixture.approvedRollback(2);

        ReconcileReport report = fixture.reconciler().run();

        AllowlistVersion restored = fixture.versions.find(new VersionNumber(4)).orElseThrow();
        assertThat(restored.cause().type()).isEqualTo(VersionCause.Type.ROLLBACK);
        assertThat(restored.cause().rollbackTo()).isEqualTo(new VersionNumber(2));
        assertThat(restored.targets()).isEqualTo(fixture.versions.find(new VersionNumber(2)).orElseThrow().targets());
        assertThat(restored.sha256()).isEqualTo(fixture.versions.find(new VersionNumber(2)).orElseThrow().sha256());
        assertThat(fixture.liveTargets()).doesNotContain("second.example.com").contains("first.example.com");
        assertThat(fixture.status(second)).isEqualTo(RequestStatus.REVOKED);
        assertThat(fixture.status(first)).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.status(rollback)).isEqualTo(RequestStatus.ACTIVE);
        assertThat(report.revoked()).containsExactly(second.id());
    }

    @Test
    void anExpiredGrantIsRemovedFromTheFirewall() {
        fixture.reconciler().run();
        AllowlistRequest grant = fixture.approved("example.com");
        fixture.reconciler().run();
        fixture.requests.change(grant.id(), Change.from(RequestStatus.ACTIVE).to(RequestStatus.EXPIRED, fixture.clock.instant())
                .decidedBy("system:cleanup").intent(Intent.REMOVE));

        fixture.reconciler().run();

        assertThat(fixture.liveTargets()).doesNotContain("example.com");
        assertThat(fixture.versions.head().orElseThrow().number()).isEqualTo(3);
        AllowlistRequest expired = fixture.requests.find(grant.id()).orElseThrow();
        assertThat(expired.status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(expired.intent()).isNull();
    }
}
