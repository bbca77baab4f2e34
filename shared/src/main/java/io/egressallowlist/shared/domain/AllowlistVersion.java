package io.egressallowlist.shared.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One entry of the append-only version log: the complete, sorted target list of the rule group at that
 * version, with its content hash, its parent, why it exists and whether it reached the firewall.
 * History is never rewritten; a rollback to K is a new version whose targets equal K's.
 *
 * @param number      1, 2, 3… without gaps
 * @param parent      the version it was derived from (null for the first)
 * @param targets     sorted, distinct canonical targets
 * @param sha256      hex SHA-256 of the targets joined by '\n' (see {@link #contentHash})
 * @param cause       why it exists
 * @param actor       who caused it (approver, "system:cleanup", "system:reconciler"…)
 * @param createdAt   when it was appended
 * @param applyStatus whether it reached the firewall
 * @param appliedAt   when it was applied (null until then)
 */
public record AllowlistVersion(
        long number,
        Long parent,
        List<String> targets,
        String sha256,
        VersionCause cause,
        String actor,
        Instant createdAt,
        ApplyStatus applyStatus,
        Instant appliedAt,
        ScopeMode mode) {

    public AllowlistVersion {
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1, got " + number);
        }
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(applyStatus, "applyStatus");
        targets = List.copyOf(targets);
        mode = mode == null ? ScopeMode.ENFORCE : mode;
        if (sha256 == null) {
            sha256 = contentHash(targets);
        }
    }

    /** A new, not yet applied version over the given targets (sorted and deduplicated here). */
    public static AllowlistVersion create(long number, Long parent, Collection<String> targets, VersionCause cause,
                                          String actor, Instant now) {
        return create(number, parent, targets, cause, actor, now, ScopeMode.ENFORCE);
    }

    /** A new, not yet applied version over the given targets, in {@code mode}. */
    public static AllowlistVersion create(long number, Long parent, Collection<String> targets, VersionCause cause,
                                          String actor, Instant now, ScopeMode mode) {
        List<String> sorted = sortedTargets(targets);
        return new AllowlistVersion(number, parent, sorted, contentHash(sorted), cause, actor, now,
                ApplyStatus.PENDING, null, mode);
    }

    /** {@link #number()} as a value. */
    public VersionNumber versionNumber() {
        return new VersionNumber(number);
    }

    public AllowlistVersion markedApplied(Instant at) {
        return new AllowlistVersion(number, parent, targets, sha256, cause, actor, createdAt, ApplyStatus.APPLIED, at,
                mode);
    }

    public boolean isApplied() {
        return applyStatus == ApplyStatus.APPLIED;
    }

    /** Whether this version holds {@code target} (binary search: the targets are sorted). */
    public boolean contains(String target) {
        return java.util.Collections.binarySearch(targets, target) >= 0;
    }

    /** Whether this version holds exactly the given targets (order and duplicates ignored). */
    public boolean hasSameTargetsAs(Collection<String> other) {
        return targets.equals(sortedTargets(other));
    }

    public VersionDiff diffFrom(AllowlistVersion older) {
        return VersionDiff.between(older.targets, targets);
    }

    public static List<String> sortedTargets(Collection<String> targets) {
        return List.copyOf(new TreeSet<>(targets));
    }

    /** Hex SHA-256 over the sorted targets joined by '\n' — the same list always has the same hash. */
    public static String contentHash(List<String> sortedTargets) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < sortedTargets.size(); i++) {
                if (i > 0) {
                    digest.update((byte) '\n');
                }
                digest.update(sortedTargets.get(i).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
