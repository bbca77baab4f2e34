package io.egressallowlist.shared.events;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.events.AllowlistEvent.DriftDetected;
import io.egressallowlist.shared.events.AllowlistEvent.GrantExpired;
import io.egressallowlist.shared.events.AllowlistEvent.ReconcileFailed;
import io.egressallowlist.shared.events.AllowlistEvent.RequestChanged;
import io.egressallowlist.shared.events.AllowlistEvent.StaleEntriesFound;
import io.egressallowlist.shared.events.AllowlistEvent.VersionApplied;
import io.egressallowlist.shared.events.AllowlistEvent.VersionCreated;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request and version events name their scope, except {@code default}, whose events keep the details they had before
 * scopes; firewall-sync reads the scope an event names.
 */
class ScopedEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final ScopeName RISK = ScopeName.of("risk");
    private static final Requester ALICE = Requester.of("arn:aws:iam::123456789012:user/alice");

    @Test
    void everyRequestAndVersionEventOfAScopeNamesItAndDefaultsEventsDoNot() {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCD1"),
                new FirewallTarget("pypi.org"), ALICE, "pip", Duration.ofDays(30), NOW, Duration.ofDays(7), false, null);
        AllowlistVersion version = AllowlistVersion.create(2, 1L, List.of("pypi.org"), VersionCause.requests(List.of()),
                "U0APPROVE1", NOW);
        VersionDiff change = VersionDiff.between(List.of(), List.of("pypi.org"));

        List<AllowlistEvent> ofRisk = List.of(RequestChanged.of(EventTypes.REQUEST_APPROVED, request.inScope(RISK)),
                new GrantExpired(request.inScope(RISK), GrantExpired.Reason.EXPIRED), new VersionCreated(version, RISK),
                new VersionApplied(version, change, List.of(), List.of(), Optional.empty(), RISK),
                new DriftDetected(change, "ENFORCE", RISK), ReconcileFailed.retried("token races").inScope(RISK),
                new StaleEntriesFound(List.of("pypi.org"), List.of(), "FLAG", "FLAG", NOW, NOW, List.of("r1"), RISK));
        List<AllowlistEvent> ofDefault = List.of(RequestChanged.of(EventTypes.REQUEST_APPROVED, request),
                new GrantExpired(request, GrantExpired.Reason.EXPIRED), new VersionCreated(version),
                new VersionApplied(version, change, List.of(), List.of(), Optional.empty()),
                new DriftDetected(change, "ENFORCE"), ReconcileFailed.retried("token races"),
                new StaleEntriesFound(List.of("pypi.org"), List.of(), "FLAG", "FLAG", NOW, NOW, List.of("r1")));

        assertThat(ofRisk).allSatisfy(event -> assertThat(event.detail()).as(event.detailType())
                .containsEntry(AllowlistEvent.SCOPE, "risk"));
        assertThat(ofDefault).allSatisfy(event -> assertThat(event.detail()).as(event.detailType())
                .doesNotContainKey(AllowlistEvent.SCOPE));
    }

    @Test
    void aModeRequestsEventNamesTheModeAskedForInsteadOfATarget() {
        AllowlistRequest toEnforce = AllowlistRequest.newModeRequest(new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCD3"), RISK,
                ScopeMode.ENFORCE, ALICE, "the list is learnt", NOW, Duration.ofDays(7), null);

        Map<String, Object> detail = RequestChanged.of(EventTypes.REQUEST_SUBMITTED, toEnforce).detail();

        assertThat(detail).containsEntry("kind", "MODE").containsEntry("mode", "enforce")
                .containsEntry(AllowlistEvent.SCOPE, "risk").doesNotContainKey("target");
    }

    @Test
    void theScopeAnEventNamesIsReadFromItsDetailAndNothingElse() {
        assertThat(EventRoutes.scopeOf(Map.of("detail", Map.of("scope", "risk")))).contains("risk");
        assertThat(EventRoutes.scopeOf(Map.of("detail", Map.of("requestId", "01A")))).isEmpty();
        assertThat(EventRoutes.scopeOf(Map.of("detail", Map.of("scope", 42)))).isEmpty();
        assertThat(EventRoutes.scopeOf(Map.of("scope", "risk", "detail", "risk"))).isEmpty();
        Map<String, Object> withoutDetail = new HashMap<>();
        withoutDetail.put("detail", null);
        assertThat(EventRoutes.scopeOf(withoutDetail)).isEmpty();
        assertThat(EventRoutes.scopeOf(null)).isEmpty();
    }
}
