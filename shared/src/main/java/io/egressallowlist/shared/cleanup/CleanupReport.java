package io.egressallowlist.shared.cleanup;

import java.util.List;
import java.util.Optional;

/**
 * What one cleanup run did.
 *
 * @param expiredPending   requests left undecided past their deadline, now EXPIRED
 * @param expiredGrants    grants past {@code expiresAt}, now EXPIRED with a removal intent
 * @param reminded         grants whose requester was reminded in this run (each at most once per expiry)
 * @param stale            entries with no traffic in the window (empty when the check was skipped)
 * @param removedUnused    grants expired in this run because their entry saw no traffic
 * @param newlyFlagged     stale entries reported for the first time on this evidence
 * @param staleCheckSkipped why the traffic check could not run, if it could not
 *
 * <p>With several scopes, the entries of a scope other than {@code default} read {@code <scope>:<entry>} (an entry
 * has no colon): the same domain may be stale in one scope and in use, or newly added, in another.
 */
public record CleanupReport(List<String> expiredPending, List<String> expiredGrants, List<String> reminded,
                            List<String> stale, List<String> removedUnused, List<String> newlyFlagged,
                            Optional<String> staleCheckSkipped) {
    public CleanupReport {
        expiredPending = List.copyOf(expiredPending);
        expiredGrants = List.copyOf(expiredGrants);
        reminded = List.copyOf(reminded);
        stale = List.copyOf(stale);
        removedUnused = List.copyOf(removedUnused);
        newlyFlagged = List.copyOf(newlyFlagged);
    }
}
