package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What every {@link Notifier} promises the use cases that call it: each notification reaches its audience —
 * the approvals channel, the requester, or both — and no notification ever fails its caller, even when the
 * channel cannot be reached. Run against the recording notifier and {@code SlackNotifier} on the Slack
 * stand-in; each subclass reads what was told from its own record.
 *
 * <p>Every request here is {@link #REQUESTER}'s, who has a Slack identity (a requester without one is
 * not told in Slack: that is {@code SlackNotifier}'s own case).
 */
public abstract class NotifierContract {

    protected static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    /** The requester of every request of the contract. */
    protected static final Requester REQUESTER = new Requester("slack:U0ALICE0001", "U0ALICE0001", null);
    private static final String APPROVER = "U0APPROVE01";

    /** A notifier whose deliveries the hooks below report. */
    protected abstract Notifier notifier();

    /** From now on the channel cannot be reached: every delivery of {@link #notifier()} fails. */
    protected abstract void makeChannelUnavailable();

    /** The requests the approvals channel has been told about. */
    protected abstract Set<RequestId> toldApprovers();

    /** The requests {@link #REQUESTER} has been told about. */
    protected abstract Set<RequestId> toldRequester();

    /**
     * What the approvals channel has been told that is about no single request (versions, drift, stale
     * entries, Studio domains, failed reconciles), one text per announcement, in any order.
     */
    protected abstract List<String> announcements();

    // ---- requests -----------------------------------------------------------------------------------

    private static AllowlistRequest pending(String id, String domain) {
        return AllowlistRequest.newDomainRequest(new RequestId(id), new FirewallTarget(domain), REQUESTER, "weights",
                Duration.ofDays(14), NOW, Duration.ofDays(7), false, null);
    }

    private static AllowlistRequest as(AllowlistRequest r, RequestStatus status, Instant expiresAt, VersionNumber version) {
        List<Approval> approvals = status == RequestStatus.DENIED ? List.of()
                : List.of(new Approval(APPROVER, NOW.plusSeconds(60), Channel.SLACK));
        return new AllowlistRequest(r.id(), r.kind(), r.target(), r.rollbackTo(), r.requester(), r.justification(), status,
                r.grantDuration(), r.createdAt(), NOW.plusSeconds(60), r.pendingUntil(), expiresAt, approvals,
                "slack:" + APPROVER, null, null, version, null, null, null);
    }

    private static AllowlistRequest active(String id, String domain) {
        return as(pending(id, domain), RequestStatus.ACTIVE, NOW.plus(Duration.ofDays(2)), new VersionNumber(7));
    }

    private static AllowlistVersion version7() {
        return AllowlistVersion.create(7, 6L, List.of("github.com", "huggingface.co"), VersionCause.baseline(), "system",
                NOW);
    }

    // ---- who is told --------------------------------------------------------------------------------

    @Test
    void eachSubmittedRequestReachesTheApproversButNotYetItsRequester() {
        AllowlistRequest first = pending("01NTFYC0NTRACT000000000001", "huggingface.co");
        AllowlistRequest second = pending("01NTFYC0NTRACT000000000002", "pypi.org");

        notifier().requestSubmitted(first);
        notifier().requestSubmitted(second);

        assertThat(toldApprovers()).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(toldRequester()).isEmpty();
        assertThat(announcements()).isEmpty();
    }

    @Test
    void aDecisionReachesTheApproversAndTheRequester() {
        AllowlistRequest denied = as(pending("01NTFYC0NTRACT000000000003", "huggingface.co"), RequestStatus.DENIED,
                null, null);

        notifier().requestDecided(denied);

        assertThat(toldApprovers()).containsExactly(denied.id());
        assertThat(toldRequester()).containsExactly(denied.id());
    }

    @Test
    void anAppliedVersionIsAnnouncedWithItsChangeAndEachActivatedAndRevokedRequesterIsTold() {
        AllowlistRequest activated = active("01NTFYC0NTRACT000000000004", "huggingface.co");
        AllowlistRequest revoked = as(pending("01NTFYC0NTRACT000000000005", "old.example.com"), RequestStatus.REVOKED,
                null, new VersionNumber(6));

        notifier().versionApplied(version7(), new VersionDiff(List.of("huggingface.co"), List.of("old.example.com")),
                List.of(activated), List.of(revoked));

        assertThat(announcements()).singleElement().satisfies(text -> assertThat(text)
                .containsIgnoringCase("version 7").contains("huggingface.co", "old.example.com"));
        assertThat(toldRequester()).containsExactlyInAnyOrder(activated.id(), revoked.id());
    }

    @Test
    void anExpiringGrantReachesTheApproversAndTheRequester() {
        AllowlistRequest expiring = active("01NTFYC0NTRACT000000000006", "huggingface.co");

        notifier().grantExpiringSoon(expiring);

        assertThat(toldApprovers()).containsExactly(expiring.id());
        assertThat(toldRequester()).containsExactly(expiring.id());
    }

    @Test
    void driftIsAnnouncedWithWhatChangedOutsideTheControlPlane() {
        notifier().driftDetected(new VersionDiff(List.of("pastebin.com"), List.of("github.com")), "REVERT");

        assertThat(announcements()).singleElement()
                .satisfies(text -> assertThat(text).contains("pastebin.com", "github.com"));
        assertThat(toldRequester()).isEmpty();
    }

    @Test
    void staleEntriesAreAnnouncedByName() {
        notifier().staleEntries(List.of("unused.example.com", "idle.example.org"), false);

        assertThat(announcements()).singleElement()
                .satisfies(text -> assertThat(text).contains("unused.example.com", "idle.example.org"));
    }

    @Test
    void aNoncompliantStudioDomainIsAnnouncedWithItsReason() {
        notifier().studioDomainNoncompliant("d-abc123xyz", "not VPC-only");

        assertThat(announcements()).singleElement()
                .satisfies(text -> assertThat(text).contains("d-abc123xyz", "not VPC-only"));
    }

    @Test
    void aNetworkPostureFindingIsAnnouncedWithTheResourceAndItsReason() {
        notifier().networkPostureNoncompliant("vpce-0abc", "the default full-access policy");

        assertThat(announcements()).singleElement()
                .satisfies(text -> assertThat(text).contains("vpce-0abc", "the default full-access policy"));
    }

    @Test
    void aFailedReconcileIsAnnouncedWithItsMessage() {
        notifier().reconcileFailed("rule group capacity exceeded");

        assertThat(announcements()).singleElement()
                .satisfies(text -> assertThat(text).contains("rule group capacity exceeded"));
    }

    // ---- never fails its caller ---------------------------------------------------------------------

    static Stream<Arguments> everyNotification() {
        AllowlistRequest request = pending("01NTFYC0NTRACT000000000007", "huggingface.co");
        AllowlistRequest active = active("01NTFYC0NTRACT000000000008", "pypi.org");
        VersionDiff change = new VersionDiff(List.of("huggingface.co"), List.of());
        return Stream.of(
                notification("requestSubmitted", n -> n.requestSubmitted(request)),
                notification("requestDecided", n -> n.requestDecided(as(request, RequestStatus.APPROVED, null, null))),
                notification("versionApplied", n -> n.versionApplied(version7(), change, List.of(active), List.of())),
                notification("driftDetected", n -> n.driftDetected(change, "ADOPT")),
                notification("grantExpiringSoon", n -> n.grantExpiringSoon(active)),
                notification("staleEntries", n -> n.staleEntries(List.of("unused.example.com"), true)),
                notification("studioDomainNoncompliant", n -> n.studioDomainNoncompliant("d-abc123xyz", "not VPC-only")),
                notification("networkPostureNoncompliant",
                        n -> n.networkPostureNoncompliant("vpce-0abc", "the default full-access policy")),
                notification("reconcileFailed", n -> n.reconcileFailed("rule group capacity exceeded")));
    }

    private static Arguments notification(String name, Consumer<Notifier> call) {
        return Arguments.of(Named.of(name, call));
    }

    /** A lost notification must not undo the decision it reports: the caller carries on as if it were told. */
    @ParameterizedTest
    @MethodSource("everyNotification")
    void aNotificationReturnsNormallyWhenTheChannelCannotBeReached(Consumer<Notifier> notification) {
        makeChannelUnavailable();

        assertThatCode(() -> notification.accept(notifier())).doesNotThrowAnyException();

        assertThat(toldApprovers()).isEmpty();
        assertThat(toldRequester()).isEmpty();
        assertThat(announcements()).isEmpty();
    }
}
