package io.egressallowlist.shared.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scope numbers its versions from 1, so the events of a scope's log carry the scope in their id (the trail
 * keeps one event per id) and in their details; default's keep the ids they always had.
 */
class ScopeLogAuditEventTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:15:30.123Z");
    private static final AuditEvent.By RECONCILER = AuditEvent.By.system("system:reconciler");
    private static final AllowlistVersion V3 = AllowlistVersion.create(3, 2L, List.of("pypi.org"),
            VersionCause.requests(List.of()), "system:reconciler", AT);
    private static final VersionDiff NONE = VersionDiff.between(List.of(), List.of());

    static Stream<Arguments> eventsOfALog() {
        return Stream.of(
                Arguments.of(AuditEvent.versionCreated(V3, NONE, AT), "version:3:CREATED", "version:risk:3:CREATED"),
                Arguments.of(AuditEvent.versionApplied(V3, RECONCILER, AT), "version:3:APPLIED", "version:risk:3:APPLIED"),
                Arguments.of(AuditEvent.versionBaseline(V3, RECONCILER, AT), "version:3:BASELINE",
                        "version:risk:3:BASELINE"),
                Arguments.of(AuditEvent.driftAdopted(V3.versionNumber(), NONE, RECONCILER, AT), "version:3:DRIFT_ADOPTED",
                        "version:risk:3:DRIFT_ADOPTED"),
                Arguments.of(AuditEvent.driftDetected(V3, "abc", NONE, "ENFORCE", RECONCILER, AT), "drift:3:abc",
                        "drift:risk:3:abc"),
                Arguments.of(AuditEvent.reconcileFailed("RECONCILE_FAILED", "k", "m", RECONCILER, AT),
                        "reconcile-failed:RECONCILE_FAILED:k:2026-11-20", "reconcile-failed:risk:RECONCILE_FAILED:k:2026-11-20"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("eventsOfALog")
    void anEventOfAScopesLogCarriesTheScopeInItsIdAndDetailsAndDefaultsKeepTheirs(AuditEvent event, String defaultId,
                                                                                 String riskId) {
        AuditEvent ofDefault = event.ofScopeLog(ScopeName.DEFAULT);
        AuditEvent ofRisk = event.ofScopeLog(ScopeName.of("risk"));

        assertThat(ofDefault).isEqualTo(event);
        assertThat(ofDefault.eventId()).isEqualTo(defaultId);
        assertThat(ofDefault.details()).doesNotContainKey(AuditEvent.SCOPE_DETAIL);
        assertThat(ofRisk.eventId()).isEqualTo(riskId);
        assertThat(ofRisk.scope()).isEqualTo(ScopeName.of("risk"));
        assertThat(ofRisk.details()).containsAllEntriesOf(event.details());
        assertThat(ofRisk.version()).isEqualTo(event.version());
        assertThat(ofRisk.action()).isEqualTo(event.action());
    }
}
