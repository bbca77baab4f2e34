package io.egressallowlist.functions.firewallsync;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.notify.Notifier;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Remembers what people would have been told; can act when a version is announced. */
final class RecordingNotifier implements Notifier {

    record Applied(long version, VersionDiff change, List<String> activated, List<String> revoked) { }

    final List<Applied> applied = new CopyOnWriteArrayList<>();
    final List<VersionDiff> drifts = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    volatile Consumer<AllowlistVersion> onVersionApplied = version -> { };

    @Override
    public void requestSubmitted(AllowlistRequest request) {
    }

    @Override
    public void requestDecided(AllowlistRequest request) {
    }

    @Override
    public void versionApplied(AllowlistVersion version, VersionDiff change, List<AllowlistRequest> activated,
                               List<AllowlistRequest> revoked) {
        applied.add(new Applied(version.number(), change, activated.stream().map(AllowlistRequest::id).toList(),
                revoked.stream().map(AllowlistRequest::id).toList()));
        onVersionApplied.accept(version);
    }

    @Override
    public void driftDetected(VersionDiff drift, String mode) {
        drifts.add(drift);
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
        failures.add(message);
    }
}
