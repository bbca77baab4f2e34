package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionDiff;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory {@link Notifier} for tests of code that only tells people things (Slack delivery itself
 * is tested against the Slack stand-in): it records every notification, can lose them like an unreachable
 * Slack, and can act when a version is announced. It keeps the promises of {@code slack.SlackNotifier}
 * (both run {@link NotifierContract}). Shared with the function modules through the {@code shared} test jar.
 */
public final class RecordingNotifier implements Notifier {

    /** A version announcement, by ids. */
    public record Applied(long version, VersionDiff change, List<RequestId> activated, List<RequestId> revoked) { }

    public final List<AllowlistRequest> submitted = new CopyOnWriteArrayList<>();
    public final List<AllowlistRequest> decided = new CopyOnWriteArrayList<>();
    public final List<Applied> applied = new CopyOnWriteArrayList<>();
    public final List<VersionDiff> drifts = new CopyOnWriteArrayList<>();
    public final List<AllowlistRequest> reminded = new CopyOnWriteArrayList<>();
    /** Stale entries reported without removing them. */
    public final List<List<String>> flagged = new CopyOnWriteArrayList<>();
    /** Stale entries whose removal was asked for. */
    public final List<List<String>> removed = new CopyOnWriteArrayList<>();
    /** Studio findings as {@code "<domain id>: <reason>"}. */
    public final List<String> noncompliant = new CopyOnWriteArrayList<>();
    /** {@code <resource id>: <reason>} of each network posture finding. */
    public final List<String> posture = new CopyOnWriteArrayList<>();
    public final List<String> failures = new CopyOnWriteArrayList<>();
    /**
     * When set, notifications reach no one and return normally, as {@code SlackNotifier}'s do when Slack
     * cannot be reached.
     */
    public volatile boolean unreachable;
    /**
     * When set, request notifications throw, which no {@link Notifier} may do: it proves that a use case
     * stands even if its notifier breaks that promise.
     */
    public volatile boolean failing;
    public volatile Consumer<AllowlistVersion> onVersionApplied = version -> { };

    @Override
    public void requestSubmitted(AllowlistRequest request) {
        failIfAsked();
        tell(submitted, request);
    }

    @Override
    public void requestDecided(AllowlistRequest request) {
        failIfAsked();
        tell(decided, request);
    }

    @Override
    public void versionApplied(AllowlistVersion version, VersionDiff change, List<AllowlistRequest> activated,
                               List<AllowlistRequest> revoked) {
        tell(applied, new Applied(version.number(), change, activated.stream().map(AllowlistRequest::id).toList(),
                revoked.stream().map(AllowlistRequest::id).toList()));
        onVersionApplied.accept(version);
    }

    @Override
    public void driftDetected(VersionDiff drift, String mode) {
        tell(drifts, drift);
    }

    @Override
    public void grantExpiringSoon(AllowlistRequest request) {
        tell(reminded, request);
    }

    @Override
    public void staleEntries(List<String> targets, boolean wereRemoved) {
        tell(wereRemoved ? removed : flagged, List.copyOf(targets));
    }

    @Override
    public void studioDomainNoncompliant(String domainId, String reason) {
        tell(noncompliant, domainId + ": " + reason);
    }

    @Override
    public void networkPostureNoncompliant(String resourceId, String reason) {
        tell(posture, resourceId + ": " + reason);
    }

    @Override
    public void reconcileFailed(String message) {
        tell(failures, message);
    }

    private <T> void tell(List<T> audience, T notification) {
        if (!unreachable) {
            audience.add(notification);
        }
    }

    private void failIfAsked() {
        if (failing) {
            throw new IllegalStateException("Slack is down");
        }
    }
}
