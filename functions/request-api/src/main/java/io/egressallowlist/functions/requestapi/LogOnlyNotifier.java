package io.egressallowlist.functions.requestapi;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;

import java.util.List;

/**
 * A {@link Notifier} that only writes a log line: what the function uses until the Slack notifier is
 * wired in ({@link RequestApiHandler#RequestApiHandler(io.egressallowlist.shared.config.ControlPlaneConfig)}).
 * Requests still reach approvers through the pending queue and the events.
 */
final class LogOnlyNotifier implements Notifier {

    private final JsonLog log = JsonLog.of(LogOnlyNotifier.class);

    @Override
    public void requestSubmitted(AllowlistRequest request) {
        log.info("request submitted", "requestId", request.id(), "subject", request.subject());
    }

    @Override
    public void requestDecided(AllowlistRequest request) {
        log.info("request decided", "requestId", request.id(), "status", request.status().name());
    }

    @Override
    public void versionApplied(AllowlistVersion version, VersionDiff change, List<AllowlistRequest> activated,
                               List<AllowlistRequest> revoked) {
        log.info("version applied", "version", version.number());
    }

    @Override
    public void driftDetected(VersionDiff drift, String mode) {
        log.info("drift detected", "mode", mode);
    }

    @Override
    public void grantExpiringSoon(AllowlistRequest request) {
        log.info("grant expiring soon", "requestId", request.id());
    }

    @Override
    public void staleEntries(List<String> targets, boolean removed) {
        log.info("stale entries", "count", targets.size());
    }

    @Override
    public void studioDomainNoncompliant(String domainId, String reason) {
        log.info("studio domain noncompliant", "domainId", domainId);
    }

    @Override
    public void reconcileFailed(String message) {
        log.info("reconcile failed");
    }
}
