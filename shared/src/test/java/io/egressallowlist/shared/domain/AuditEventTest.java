package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit trail records a state change once because its event id is deterministic; these are the id
 * conventions stored events already carry, so they must not drift.
 */
class AuditEventTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:15:30.123Z");
    private static final RequestId ID = new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCDE");
    private static final AuditEvent.By ALICE = new AuditEvent.By("arn:aws:iam::1:user/alice", Channel.API, "10.0.0.7");
    private static final AuditEvent.By APPROVER = new AuditEvent.By("slack:U0APPROVER1", Channel.SLACK, null);
    private static final AuditEvent.By RECONCILER = AuditEvent.By.system("system:reconciler");
    private static final AuditEvent.By CLEANUP = AuditEvent.By.schedule("system:cleanup");

    private static final AllowlistRequest DOMAIN = AllowlistRequest.newDomainRequest(ID, new FirewallTarget(".pypi.org"),
            Requester.of("arn:aws:iam::1:user/alice"), "pip", Duration.ofDays(14), AT, Duration.ofDays(7), false, null);
    private static final AllowlistRequest AUTO = AllowlistRequest.newDomainRequest(ID, new FirewallTarget(".pypi.org"),
            Requester.of("arn:aws:iam::1:user/alice"), "pip", Duration.ofDays(14), AT, Duration.ofDays(7), true, null);
    private static final AllowlistRequest ROLLBACK = AllowlistRequest.newRollbackRequest(ID, new VersionNumber(4),
            Requester.of("arn:aws:iam::1:user/alice"), "bad change", AT, Duration.ofDays(7), null);
    private static final AllowlistRequest GRANT = new AllowlistRequest(ID, RequestKind.DOMAIN,
            new FirewallTarget(".pypi.org"), null, Requester.of("arn:aws:iam::1:user/alice"), "pip",
            RequestStatus.ACTIVE, Duration.ofDays(14), AT, AT, AT, AT.plus(Duration.ofDays(14)), List.of(), null, null,
            null, new VersionNumber(5), null, null, null);
    private static final AllowlistVersion V5 = AllowlistVersion.create(5, 4L, List.of(".pypi.org", "example.com"),
            new VersionCause(VersionCause.Type.REQUESTS, List.of(ID), null, null), "slack:U0APPROVER1", AT);
    private static final VersionDiff ADDED = VersionDiff.between(List.of("example.com"), V5.targets());

    static Stream<Arguments> events() {
        String r = ID.value();
        return Stream.of(
                Arguments.of(AuditEvent.requestCreated(DOMAIN, ALICE, AT), r + ":CREATED", "REQUEST_CREATED",
                        Map.of("subject", ".pypi.org", "duration", "PT336H")),
                Arguments.of(AuditEvent.requestCreated(ROLLBACK, ALICE, AT), r + ":CREATED", "ROLLBACK_REQUESTED",
                        Map.of("subject", "rollback to version 4")),
                Arguments.of(AuditEvent.requestAutoApproved(AUTO, ALICE, AT), r + ":AUTO_APPROVED",
                        "REQUEST_AUTO_APPROVED", Map.of("subject", ".pypi.org", "rule", "policy:auto-approve")),
                Arguments.of(AuditEvent.approvalRecorded(DOMAIN, new SlackUserId("U0APPROVER1"), 1, 2, APPROVER, AT),
                        r + ":APPROVAL:U0APPROVER1", "APPROVAL_RECORDED",
                        Map.of("subject", ".pypi.org", "approvals", "1", "quorum", "2")),
                Arguments.of(AuditEvent.requestDecided(DOMAIN, "REQUEST_APPROVED", APPROVER, AT, Map.of()),
                        r + ":REQUEST_APPROVED", "REQUEST_APPROVED", Map.of("subject", ".pypi.org")),
                Arguments.of(AuditEvent.requestDecided(GRANT, "GRANT_EXPIRED_UNUSED", CLEANUP, AT,
                                Map.of("evidence", "no traffic")), r + ":GRANT_EXPIRED_UNUSED", "GRANT_EXPIRED_UNUSED",
                        Map.of("subject", ".pypi.org", "evidence", "no traffic")),
                Arguments.of(AuditEvent.grantRenewed(GRANT, AT.plus(Duration.ofDays(30)), APPROVER, AT),
                        r + ":RENEWED:" + AT.plus(Duration.ofDays(30)).toEpochMilli(), "GRANT_RENEWED",
                        Map.of("subject", ".pypi.org", "expiresAt", "2026-12-20T10:15:30.123Z")),
                Arguments.of(AuditEvent.actionRefused(DOMAIN, "SELF_APPROVAL", APPROVER, AT),
                        r + ":REFUSED:SELF_APPROVAL:slack:U0APPROVER1:" + AT.toEpochMilli(), "ACTION_REFUSED",
                        Map.of("subject", ".pypi.org", "reason", "SELF_APPROVAL")),
                Arguments.of(AuditEvent.requestRejected(ID, "domain", "PATH", "x".repeat(301), ALICE, AT),
                        "rejected:" + r, "REQUEST_REJECTED",
                        Map.of("field", "domain", "reason", "PATH", "message", "x".repeat(300) + "…")),
                Arguments.of(AuditEvent.expiryReminderSent(GRANT, CLEANUP, AT),
                        r + ":EXPIRY_REMINDER:" + GRANT.expiresAt().toEpochMilli(), "GRANT_EXPIRY_REMINDER_SENT",
                        Map.of("subject", ".pypi.org", "expiresAt", "2026-12-04T10:15:30.123Z")),
                Arguments.of(AuditEvent.requestMovedBy(GRANT, "REQUEST_ACTIVATED", V5, RequestStatus.ACTIVE,
                                RECONCILER, AT), r + ":REQUEST_ACTIVATED:5", "REQUEST_ACTIVATED",
                        Map.of("subject", ".pypi.org", "status", "ACTIVE")),
                Arguments.of(AuditEvent.versionCreated(V5, ADDED, AT), "version:5:CREATED", "VERSION_CREATED",
                        Map.of("cause", "requests " + r, "targets", "2", "change", ADDED.summary())),
                Arguments.of(AuditEvent.versionApplied(V5, RECONCILER, AT), "version:5:APPLIED", "VERSION_APPLIED",
                        Map.of("targets", "2", "sha256", V5.sha256())),
                Arguments.of(AuditEvent.versionBaseline(AllowlistVersion.create(1, null, List.of("example.com"),
                                VersionCause.baseline(), "system:reconciler", AT), RECONCILER, AT),
                        "version:1:BASELINE", "VERSION_BASELINE", Map.of("targets", "1")),
                Arguments.of(AuditEvent.driftAdopted(new VersionNumber(6), ADDED, RECONCILER, AT),
                        "version:6:DRIFT_ADOPTED", "DRIFT_ADOPTED", Map.of("change", ADDED.summary())),
                Arguments.of(AuditEvent.driftDetected(V5, "abc", ADDED, "ENFORCE", RECONCILER, AT), "drift:5:abc",
                        "DRIFT_DETECTED", Map.of("added", ".pypi.org", "removed", "", "mode", "ENFORCE")),
                Arguments.of(AuditEvent.capacityRefused(List.of("a.example.com"), 10, 5, RECONCILER, AT),
                        "capacity:" + AllowlistVersion.contentHash(List.of("a.example.com")), "VERSION_REFUSED_CAPACITY",
                        Map.of("targets", "1", "needed", "10", "capacity", "5")),
                Arguments.of(AuditEvent.reconcileFailed("CAPACITY", "abc", "too many", RECONCILER, AT),
                        "reconcile-failed:CAPACITY:abc:2026-11-20", "RECONCILE_FAILED",
                        Map.of("reason", "CAPACITY", "message", "too many")),
                Arguments.of(AuditEvent.staleEntryFound("r1+r2", "old.example.com", AT, CLEANUP, AT),
                        "stale:r1+r2:old.example.com", "STALE_ENTRY_FOUND",
                        Map.of("target", "old.example.com", "observedTo", AT.toString(), "reports", "r1+r2")),
                Arguments.of(AuditEvent.studioDomainNoncompliant("d-1", "missing", "PUBLIC_INTERNET", CLEANUP, AT),
                        "studio-domain:d-1:missing:PUBLIC_INTERNET:2026-11-20", "STUDIO_DOMAIN_NONCOMPLIANT",
                        Map.of("domainId", "d-1", "reasons", "PUBLIC_INTERNET")),
                Arguments.of(AuditEvent.networkPostureNoncompliant("subnet-0aaa1111", "MAIN_ROUTE_TABLE",
                                "rtb-0a11ce50000000003", CLEANUP, AT),
                        "network-posture:subnet-0aaa1111:MAIN_ROUTE_TABLE:rtb-0a11ce50000000003:2026-11-20",
                        "NETWORK_POSTURE_NONCOMPLIANT", Map.of("resourceId", "subnet-0aaa1111",
                                "reason", "MAIN_ROUTE_TABLE", "observed", "rtb-0a11ce50000000003")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("events")
    void eachFactoryKeepsItsEventIdActionAndDetails(AuditEvent event, String eventId, String action,
                                                    Map<String, String> details) {
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.action()).isEqualTo(action);
        assertThat(event.details()).isEqualTo(details);
        assertThat(event.at()).isEqualTo(AT);
    }

    static Stream<Arguments> subjects() {
        return Stream.of(
                Arguments.of(AuditEvent.requestCreated(DOMAIN, ALICE, AT), ID, null, ALICE),
                Arguments.of(AuditEvent.requestRejected(ID, "domain", "PATH", "bad", ALICE, AT), null, null, ALICE),
                Arguments.of(AuditEvent.requestMovedBy(GRANT, "REQUEST_ACTIVATED", V5, RequestStatus.ACTIVE,
                        RECONCILER, AT), ID, new VersionNumber(5), RECONCILER),
                Arguments.of(AuditEvent.versionCreated(V5, ADDED, AT), null, new VersionNumber(5),
                        AuditEvent.By.system("slack:U0APPROVER1")),
                Arguments.of(AuditEvent.versionBaseline(AllowlistVersion.create(1, null, List.of(), VersionCause.baseline(),
                        "system:reconciler", AT), RECONCILER, AT), null, new VersionNumber(1), RECONCILER),
                Arguments.of(AuditEvent.driftDetected(V5, "abc", ADDED, "ADOPT", RECONCILER, AT), null,
                        new VersionNumber(5), RECONCILER),
                Arguments.of(AuditEvent.expiryReminderSent(GRANT, CLEANUP, AT), ID, null, CLEANUP),
                Arguments.of(AuditEvent.staleEntryFound("r", "a.example.com", AT, CLEANUP, AT), null, null, CLEANUP));
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void eachEventNamesItsSubjectAndWhoCausedIt(AuditEvent event, RequestId requestId, VersionNumber version,
                                                AuditEvent.By by) {
        assertThat(event.requestId()).isEqualTo(requestId);
        assertThat(event.version()).isEqualTo(version);
        assertThat(new AuditEvent.By(event.actor(), event.via(), event.sourceIp())).isEqualTo(by);
    }
}
