package io.egressallowlist.shared.events;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.events.AllowlistEvent.DriftDetected;
import io.egressallowlist.shared.events.AllowlistEvent.GrantExpired;
import io.egressallowlist.shared.events.AllowlistEvent.ReconcileFailed;
import io.egressallowlist.shared.events.AllowlistEvent.RequestChanged;
import io.egressallowlist.shared.events.AllowlistEvent.StaleEntriesFound;
import io.egressallowlist.shared.events.AllowlistEvent.StudioDomainNoncompliant;
import io.egressallowlist.shared.events.AllowlistEvent.VersionApplied;
import io.egressallowlist.shared.events.AllowlistEvent.VersionCreated;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each event's detail type and detail: the keys, their order and values consumers' rules match on. */
class AllowlistEventTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final RequestId R1 = new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCD1");
    private static final RequestId R2 = new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCD2");
    private static final Requester ALICE = Requester.of("arn:aws:iam::123456789012:user/alice");

    @Test
    void aRequestEventNamesTheRequestItsTargetAndStatus() {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(R1, new FirewallTarget("pypi.org"), ALICE, "pip",
                Duration.ofDays(30), NOW, Duration.ofDays(7), false, null);

        RequestChanged event = RequestChanged.of(EventTypes.REQUEST_SUBMITTED, request);

        assertThat(event.detailType()).isEqualTo(EventTypes.REQUEST_SUBMITTED);
        assertThat(event.detail()).containsExactly(Map.entry("requestId", R1.value()), Map.entry("kind", "DOMAIN"),
                Map.entry("target", "pypi.org"), Map.entry("status", "PENDING"));
    }

    @Test
    void aRollbackEventNamesTheVersionInsteadOfATargetAndCarriesTheActorAndNewExpiryWhenGiven() {
        AllowlistRequest rollback = AllowlistRequest.newRollbackRequest(R2, new VersionNumber(4), ALICE, "bad change", NOW,
                Duration.ofDays(7), null);

        RequestChanged event = new RequestChanged(EventTypes.ROLLBACK_APPROVED, rollback, Optional.of("U0APPROVE1"),
                Optional.of(NOW.plus(Duration.ofDays(30))));

        assertThat(event.detail()).containsExactly(Map.entry("requestId", R2.value()), Map.entry("kind", "ROLLBACK"),
                Map.entry("rollbackTo", 4L), Map.entry("status", "PENDING"), Map.entry("actor", "U0APPROVE1"),
                Map.entry("expiresAt", "2026-12-20T10:00:00Z"));
    }

    @Test
    void aRequestEventOfAnotherKindIsRefused() {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(R1, new FirewallTarget("pypi.org"), ALICE, "pip",
                Duration.ofDays(30), NOW, Duration.ofDays(7), false, null);

        assertThatThrownBy(() -> RequestChanged.of(EventTypes.VERSION_APPLIED, request))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(EventTypes.VERSION_APPLIED);
    }

    @Test
    void theMapFormOfARequestEventAddsItsFactsToTheSameDetail() {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(R1, new FirewallTarget("pypi.org"), ALICE, "pip",
                Duration.ofDays(30), NOW, Duration.ofDays(7), false, null);

        EventPublisher.Event event = EventPublisher.Event.about(EventTypes.REQUEST_DENIED, request,
                Map.of("actor", "U0APPROVE1"));

        assertThat(event.detail()).containsOnly(Map.entry("requestId", R1.value()), Map.entry("kind", "DOMAIN"),
                Map.entry("target", "pypi.org"), Map.entry("status", "PENDING"), Map.entry("actor", "U0APPROVE1"));
    }

    @Test
    void anExpiredGrantNamesItsTargetTheReasonAndTheExpiry() {
        GrantExpired expired = new GrantExpired(grant(NOW), GrantExpired.Reason.EXPIRED);
        GrantExpired unused = new GrantExpired(grant(null), GrantExpired.Reason.UNUSED);

        assertThat(expired.detailType()).isEqualTo(EventTypes.GRANT_EXPIRED);
        assertThat(expired.detail()).containsExactly(Map.entry("requestId", R1.value()), Map.entry("target", "pypi.org"),
                Map.entry("reason", "EXPIRED"), Map.entry("expiresAt", "2026-11-20T10:00:00Z"));
        assertThat(unused.detail()).containsExactly(Map.entry("requestId", R1.value()), Map.entry("target", "pypi.org"),
                Map.entry("reason", "UNUSED"));
    }

    @Test
    void aCreatedVersionCarriesItsParentCauseSizeHashActorAndRequests() {
        AllowlistVersion version = AllowlistVersion.create(2, 1L, List.of("pypi.org", "github.com"),
                new VersionCause(VersionCause.Type.REQUESTS, List.of(R1, R2), null, "requests"), "system:reconciler", NOW);

        VersionCreated event = new VersionCreated(version);

        assertThat(event.detailType()).isEqualTo(EventTypes.VERSION_CREATED);
        assertThat(event.detail()).containsExactly(Map.entry("version", 2L), Map.entry("parent", 1L),
                Map.entry("cause", "REQUESTS"), Map.entry("targets", 2), Map.entry("sha256", version.sha256()),
                Map.entry("actor", "system:reconciler"), Map.entry("requestIds", List.of(R1.value(), R2.value())));
    }

    @Test
    void theFirstVersionHasNoParent() {
        AllowlistVersion first = AllowlistVersion.create(1, null, List.of("pypi.org"), VersionCause.baseline(),
                "system:reconciler", NOW);

        assertThat(new VersionCreated(first).detail()).doesNotContainKey("parent").containsEntry("cause", "BASELINE")
                .containsEntry("requestIds", List.of());
        assertThat(new VersionApplied(first, VersionDiff.between(List.of(), first.targets()), List.of(), List.of(),
                Optional.empty()).detail()).doesNotContainKey("parent").doesNotContainKey("firewallSync");
    }

    @Test
    void anAppliedVersionCarriesWhatChangedWhoWasActivatedOrRevokedAndTheSyncState() {
        AllowlistVersion version = AllowlistVersion.create(3, 2L, List.of("github.com"),
                new VersionCause(VersionCause.Type.REQUESTS, List.of(R1), null, "requests"), "system:reconciler", NOW);

        VersionApplied event = new VersionApplied(version, new VersionDiff(List.of("github.com"), List.of("pypi.org")),
                List.of(R1), List.of(R2), Optional.of(FirewallSyncCheck.Outcome.IN_SYNC));

        assertThat(event.detailType()).isEqualTo(EventTypes.VERSION_APPLIED);
        assertThat(event.detail()).containsExactly(Map.entry("version", 3L), Map.entry("parent", 2L),
                Map.entry("added", 1), Map.entry("removed", 1), Map.entry("targets", 1),
                Map.entry("sha256", version.sha256()), Map.entry("requestIds", List.of(R1.value())),
                Map.entry("activated", List.of(R1.value())), Map.entry("revoked", List.of(R2.value())),
                Map.entry("firewallSync", "IN_SYNC"));
    }

    @Test
    void listsLongerThanTheLimitAreCutAndSaySo() {
        List<RequestId> many = IntStream.range(0, AllowlistEvent.MAX_LISTED + 1)
                .mapToObj(i -> new RequestId(String.format("01JD8X3Q4T5V6W7X8Y9Z%06d", i))).toList();
        AllowlistVersion version = AllowlistVersion.create(2, 1L, List.of("pypi.org"),
                new VersionCause(VersionCause.Type.REQUESTS, many, null, "requests"), "system:reconciler", NOW);

        Map<String, Object> applied = new VersionApplied(version, new VersionDiff(List.of(), List.of()), many,
                List.of(), Optional.empty()).detail();

        assertThat((List<?>) applied.get("requestIds")).hasSize(AllowlistEvent.MAX_LISTED);
        assertThat((List<?>) applied.get("activated")).hasSize(AllowlistEvent.MAX_LISTED)
                .first().isEqualTo(many.get(0).value());
        assertThat(applied).containsEntry("requestIdsTruncated", true).containsEntry("activatedTruncated", true)
                .doesNotContainKey("revokedTruncated");
        assertThat(List.copyOf(applied.keySet())).containsSubsequence("requestIds", "requestIdsTruncated", "activated",
                "activatedTruncated", "revoked");
        assertThat(new VersionCreated(version).detail()).containsEntry("requestIdsTruncated", true);
    }

    @Test
    void aListOfExactlyTheLimitIsWhole() {
        List<String> targets = IntStream.range(0, AllowlistEvent.MAX_LISTED).mapToObj(i -> "h" + i + ".example.com").toList();

        Map<String, Object> drift = new DriftDetected(new VersionDiff(targets, List.of()), "ENFORCE").detail();

        assertThat((List<?>) drift.get("added")).hasSize(AllowlistEvent.MAX_LISTED);
        assertThat(drift).doesNotContainKey("addedTruncated");
    }

    @Test
    void driftCarriesTheDifferenceItsCountsAndTheMode() {
        List<String> added = IntStream.range(0, AllowlistEvent.MAX_LISTED + 5).mapToObj(i -> "h" + i + ".example.com")
                .toList();

        DriftDetected event = new DriftDetected(new VersionDiff(added, List.of("pypi.org")), "ADOPT");

        assertThat(event.detailType()).isEqualTo(EventTypes.DRIFT_DETECTED);
        assertThat(List.copyOf(event.detail().keySet())).containsExactly("added", "addedTruncated", "removed",
                "addedCount", "removedCount", "mode");
        assertThat((List<?>) event.detail().get("added")).hasSize(AllowlistEvent.MAX_LISTED);
        assertThat(event.detail()).containsEntry("removed", List.of("pypi.org"))
                .containsEntry("addedCount", AllowlistEvent.MAX_LISTED + 5).containsEntry("removedCount", 1)
                .containsEntry("mode", "ADOPT");
    }

    @Test
    void aCapacityFailureIsNotRetriedAndCarriesTheCapacityNeededAndAvailable() {
        ReconcileFailed event = ReconcileFailed.capacityExceeded("too many", 10, 8);

        assertThat(event.detailType()).isEqualTo(EventTypes.RECONCILE_FAILED);
        assertThat(event.detail()).containsExactly(Map.entry("reason", "CAPACITY_EXCEEDED"),
                Map.entry("message", "too many"), Map.entry("retried", false), Map.entry("neededCapacity", 10),
                Map.entry("capacity", 8));
    }

    @Test
    void anyOtherFailureIsRetriedAndItsMessageIsCut() {
        ReconcileFailed event = ReconcileFailed.retried("x".repeat(ReconcileFailed.MAX_MESSAGE + 1));

        assertThat(event.detail()).containsOnlyKeys("reason", "message", "retried")
                .containsEntry("reason", "RECONCILE_FAILED").containsEntry("retried", true)
                .containsEntry("message", "x".repeat(ReconcileFailed.MAX_MESSAGE) + "…");
        assertThat(ReconcileFailed.retried(null).message()).isEmpty();
        assertThat(ReconcileFailed.retried("x".repeat(ReconcileFailed.MAX_MESSAGE)).message())
                .hasSize(ReconcileFailed.MAX_MESSAGE);
    }

    @Test
    void staleEntriesCarryTheEvidenceWindowAndWhatWasDone() {
        StaleEntriesFound event = new StaleEntriesFound(List.of("a.example.com", "b.example.com"), List.of("a.example.com"),
                "REMOVE", "REMOVE", NOW.minus(Duration.ofDays(30)), NOW, List.of("report-1", "report-2"));

        assertThat(event.detailType()).isEqualTo(EventTypes.STALE_ENTRIES_FOUND);
        assertThat(event.detail()).containsExactly(Map.entry("targets", List.of("a.example.com", "b.example.com")),
                Map.entry("removed", List.of("a.example.com")), Map.entry("action", "REMOVE"),
                Map.entry("configuredAction", "REMOVE"), Map.entry("observedFrom", "2026-10-21T10:00:00Z"),
                Map.entry("observedTo", "2026-11-20T10:00:00Z"), Map.entry("reportIds", List.of("report-1", "report-2")));
    }

    @Test
    void aNoncompliantDomainCarriesWhatWasReadOfIt() {
        StudioDomainNoncompliant event = new StudioDomainNoncompliant("d-abc123", List.of("NOT_VPC_ONLY"), "public",
                Optional.of(new StudioDomainNoncompliant.Observed("PublicInternetOnly", List.of("subnet-1"), NOW)),
                List.of("subnet-1", "subnet-2"));

        assertThat(event.detailType()).isEqualTo(EventTypes.STUDIO_DOMAIN_NONCOMPLIANT);
        assertThat(event.detail()).containsExactly(Map.entry("domainId", "d-abc123"),
                Map.entry("reasons", List.of("NOT_VPC_ONLY")), Map.entry("message", "public"),
                Map.entry("appNetworkAccessType", "PublicInternetOnly"), Map.entry("subnetIds", List.of("subnet-1")),
                Map.entry("lastModifiedTime", "2026-11-20T10:00:00Z"),
                Map.entry("protectedSubnetIds", List.of("subnet-1", "subnet-2")));
    }

    @Test
    void aDomainReadWithoutAccessTypeOrTimeOrNotReadAtAllLeavesThoseOut() {
        StudioDomainNoncompliant partial = new StudioDomainNoncompliant("d-abc123", List.of("NO_SUBNETS"), "none",
                Optional.of(new StudioDomainNoncompliant.Observed(null, List.of(), null)), List.of("subnet-1"));
        StudioDomainNoncompliant missing = new StudioDomainNoncompliant("d-abc123", List.of("NOT_FOUND"), "gone",
                Optional.empty(), List.of("subnet-1"));

        assertThat(partial.detail()).containsExactly(Map.entry("domainId", "d-abc123"),
                Map.entry("reasons", List.of("NO_SUBNETS")), Map.entry("message", "none"),
                Map.entry("subnetIds", List.of()), Map.entry("protectedSubnetIds", List.of("subnet-1")));
        assertThat(missing.detail()).containsExactly(Map.entry("domainId", "d-abc123"),
                Map.entry("reasons", List.of("NOT_FOUND")), Map.entry("message", "gone"),
                Map.entry("protectedSubnetIds", List.of("subnet-1")));
    }

    @Test
    void aNetworkPostureFindingCarriesTheVpcTheResourceAndWhatWasSeen() {
        AllowlistEvent.NetworkPostureNoncompliant event = new AllowlistEvent.NetworkPostureNoncompliant("vpc-0abc1234",
                "vpce-0b000000000000002", "ENDPOINT_FULL_ACCESS_POLICY", "open", "FULL_ACCESS");

        assertThat(event.detailType()).isEqualTo(EventTypes.NETWORK_POSTURE_NONCOMPLIANT);
        assertThat(event.detail()).containsExactly(Map.entry("vpcId", "vpc-0abc1234"),
                Map.entry("resourceId", "vpce-0b000000000000002"), Map.entry("reason", "ENDPOINT_FULL_ACCESS_POLICY"),
                Map.entry("message", "open"), Map.entry("observed", "FULL_ACCESS"));
    }

    @Test
    void typedEventsArePublishedAsTheirDetailTypeAndDetail() {
        List<EventPublisher.Event> sent = new java.util.ArrayList<>();
        EventPublisher publisher = sent::addAll;
        ReconcileFailed failed = ReconcileFailed.retried("token race");

        publisher.publishAll(List.of(failed, new GrantExpired(grant(null), GrantExpired.Reason.UNUSED)));

        assertThat(sent).extracting(EventPublisher.Event::detailType)
                .containsExactly(EventTypes.RECONCILE_FAILED, EventTypes.GRANT_EXPIRED);
        assertThat(sent.get(0).detail()).isEqualTo(failed.detail());
    }

    private static AllowlistRequest grant(Instant expiresAt) {
        return new AllowlistRequest(R1, RequestKind.DOMAIN, new FirewallTarget("pypi.org"), null, ALICE, "pip",
                RequestStatus.EXPIRED, Duration.ofDays(30), NOW, NOW, NOW, expiresAt, List.of(), "system:cleanup", null,
                Intent.REMOVE, new VersionNumber(2), null, null, null);
    }
}
