package io.egressallowlist.shared.cleanup;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.ApplyStatus;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The targets that were on the firewall during a whole period, read from the version log: a target
 * added during the period cannot have had traffic before it was added, so "no traffic" proves nothing
 * about it. Only the versions applied since the period began are read.
 */
final class LiveTargets {

    private static final int PAGE = 50;

    private LiveTargets() {
    }

    /**
     * The targets of the last applied version that were also in every version applied since {@code from},
     * and in the one that was live at {@code from}. Empty when the log does not reach back that far (the
     * control plane has not watched the rule group for the whole period).
     */
    static Optional<Set<String>> throughout(VersionLog log, Instant from) {
        Optional<AllowlistVersion> lastApplied = log.lastApplied();
        if (lastApplied.isEmpty()) {
            return Optional.empty();
        }
        Set<String> targets = new TreeSet<>(lastApplied.get().targets());
        if (!lastApplied.get().appliedAt().isAfter(from)) {
            return Optional.of(targets);
        }
        VersionNumber before = lastApplied.get().versionNumber();
        while (true) {
            List<VersionSummary> page = log.list(before, PAGE);
            for (VersionSummary summary : page) {
                if (summary.applyStatus() != ApplyStatus.APPLIED || summary.appliedAt() == null) {
                    continue;
                }
                AllowlistVersion version = log.find(summary.versionNumber()).orElseThrow();
                targets.retainAll(version.targets());
                if (!summary.appliedAt().isAfter(from)) {
                    return Optional.of(targets);
                }
            }
            if (page.size() < PAGE) {
                return Optional.empty();
            }
            before = page.get(page.size() - 1).versionNumber();
        }
    }
}
