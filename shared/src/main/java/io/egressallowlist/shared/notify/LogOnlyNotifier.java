package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.logging.JsonLog;

import java.util.List;

/**
 * A {@link Notifier} that only writes what it would have said to the JSON log: for a deployment
 * without Slack, and until a function is wired to the Slack notifier. Ids and targets only, never
 * justifications (free text of the requester).
 */
public final class LogOnlyNotifier implements Notifier {

    private final JsonLog log;

    public LogOnlyNotifier(JsonLog log) {
        this.log = log;
    }

    @Override
    public void requestSubmitted(AllowlistRequest request) {
        log.info("notify: request submitted", "requestId", request.id(), "subject", request.subject());
    }

    @Override
    public void requestDecided(AllowlistRequest request) {
        log.info("notify: request decided", "requestId", request.id(), "status", request.status().name());
    }

    @Override
    public void versionApplied(AllowlistVersion version, VersionDiff change, List<AllowlistRequest> activated,
                               List<AllowlistRequest> revoked) {
        log.info("notify: version applied", "version", version.number(), "change", change.summary(),
                "activated", activated.size(), "revoked", revoked.size());
    }

    @Override
    public void driftDetected(VersionDiff drift, String mode) {
        log.warn("notify: drift detected", "change", drift.summary(), "mode", mode);
    }

    @Override
    public void grantExpiringSoon(AllowlistRequest request) {
        log.info("notify: grant expiring soon", "requestId", request.id(), "expiresAt", String.valueOf(request.expiresAt()));
    }

    @Override
    public void staleEntries(List<String> targets, boolean removed) {
        log.info("notify: stale entries", "count", targets.size(), "removed", removed);
    }

    @Override
    public void studioDomainNoncompliant(String domainId, String reason) {
        log.warn("notify: studio domain noncompliant", "domainId", domainId, "reason", reason);
    }

    @Override
    public void reconcileFailed(String message) {
        log.error("notify: reconcile failed", "reason", message);
    }
}
