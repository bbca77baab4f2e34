package io.egressallowlist.functions.requestapi;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.notify.Notifier;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory {@link Notifier} that records what people would be told; can be made to fail. */
final class RecordingNotifier implements Notifier {

    final List<AllowlistRequest> submitted = new CopyOnWriteArrayList<>();
    final List<AllowlistRequest> decided = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public void requestSubmitted(AllowlistRequest request) {
        failIfAsked();
        submitted.add(request);
    }

    @Override
    public void requestDecided(AllowlistRequest request) {
        failIfAsked();
        decided.add(request);
    }

    private void failIfAsked() {
        if (failing) {
            throw new IllegalStateException("Slack is down");
        }
    }

    @Override
    public void versionApplied(AllowlistVersion version, VersionDiff change, List<AllowlistRequest> activated,
                               List<AllowlistRequest> revoked) {
    }

    @Override
    public void driftDetected(VersionDiff drift, String mode) {
    }

    @Override
    public void grantExpiringSoon(AllowlistRequest request) {
    }

    @Override
    public void staleEntries(List<String> targets, boolean removed) {
    }

    @Override
    public void studioDomainNoncompliant(String domainId, String reason) {
    }

    @Override
    public void reconcileFailed(String message) {
    }
}
