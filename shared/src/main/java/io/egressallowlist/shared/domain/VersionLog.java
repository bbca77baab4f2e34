package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The append-only version log of one rule group. Only the reconciler writes it (ARCHITECTURE §6).
 * Implemented by {@code store.DynamoVersionLog}.
 */
public interface VersionLog {

    /** The newest version, if any. */
    Optional<AllowlistVersion> head();

    /** The newest version whose apply status is APPLIED. */
    Optional<AllowlistVersion> lastApplied();

    Optional<AllowlistVersion> find(VersionNumber number);

    /**
     * What {@code version} changed against its parent: against nothing for the first version, and when the
     * parent cannot be found.
     */
    default VersionDiff changesOf(AllowlistVersion version) {
        List<String> before = version.parent() == null ? List.of()
                : find(new VersionNumber(version.parent())).map(AllowlistVersion::targets).orElse(List.of());
        return VersionDiff.between(before, version.targets());
    }

    /**
     * Appends a version. Succeeds only if no version with that number exists yet
     * ({@code attribute_not_exists}); returns false when another writer got there first.
     */
    boolean append(AllowlistVersion version);

    /** Moves a version from PENDING to APPLIED; false if it was not PENDING. */
    boolean markApplied(VersionNumber number, Instant at);

    /** Moves a version from PENDING to SUPERSEDED; false if it was not PENDING. */
    boolean markSuperseded(VersionNumber number);

    /** Versions newest first, without their target lists (cheap), one page at a time; from the newest when
     *  {@code beforeNumber} is null. */
    List<VersionSummary> list(VersionNumber beforeNumber, int limit);

    /** A version without its targets: what a timeline shows. */
    record VersionSummary(long number, Long parent, int targetCount, String sha256, VersionCause cause,
                          String actor, Instant createdAt, ApplyStatus applyStatus, Instant appliedAt,
                          ScopeMode mode) {
        /** Versions stored before scopes carry no mode: they enforced. */
        public VersionSummary {
            mode = mode == null ? ScopeMode.ENFORCE : mode;
        }

        /** {@link #number()} as a value. */
        public VersionNumber versionNumber() {
            return new VersionNumber(number);
        }

        public static VersionSummary of(AllowlistVersion version) {
            return new VersionSummary(version.number(), version.parent(), version.targets().size(), version.sha256(),
                    version.cause(), version.actor(), version.createdAt(), version.applyStatus(), version.appliedAt(),
                    version.mode());
        }
    }
}
