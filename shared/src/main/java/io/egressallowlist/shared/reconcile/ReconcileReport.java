package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionDiff;

import java.util.List;
import java.util.Optional;

/**
 * What one reconciler run did, for the caller to publish (events, Slack) and for tests to check.
 *
 * @param created   the version appended in this run, if any
 * @param applied   the version written to (or found already on) the firewall in this run, if any
 * @param drift     the out-of-band difference found between the last applied version and the live group
 * @param activated request ids that became ACTIVE
 * @param revoked   request ids that became REVOKED (their target was removed, e.g. by a rollback)
 * @param updateRuleGroupCalls how many UpdateRuleGroup calls were made (retries included)
 */
public record ReconcileReport(Optional<AllowlistVersion> created, Optional<AllowlistVersion> applied,
                              Optional<VersionDiff> drift, List<RequestId> activated, List<RequestId> revoked,
                              int updateRuleGroupCalls) {
    public ReconcileReport {
        activated = List.copyOf(activated);
        revoked = List.copyOf(revoked);
    }

    public boolean changedAnything() {
        return created.isPresent() || applied.isPresent() || drift.isPresent() || !activated.isEmpty()
                || !revoked.isEmpty();
    }
}
