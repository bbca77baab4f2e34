package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.ApplyStatus;
import io.egressallowlist.shared.domain.SnapshotIntegrityException;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The version log of one rule group in memory, with the semantics of {@code store.DynamoVersionLog} (both
 * run {@code VersionLogContract}): a number is appended once and never overwritten, only a PENDING version
 * becomes APPLIED or SUPERSEDED, summaries come newest first, every read checks the content hash, and
 * instants are kept to the millisecond. Thread-safe.
 */
public final class InMemoryVersionLog implements VersionLog {

    private final NavigableMap<Long, AllowlistVersion> versions = new TreeMap<>();

    @Override
    public synchronized Optional<AllowlistVersion> head() {
        return Optional.ofNullable(versions.lastEntry()).map(entry -> verified(entry.getValue()));
    }

    @Override
    public synchronized Optional<AllowlistVersion> lastApplied() {
        return versions.descendingMap().values().stream().filter(AllowlistVersion::isApplied).findFirst()
                .map(InMemoryVersionLog::verified);
    }

    @Override
    public synchronized Optional<AllowlistVersion> find(VersionNumber number) {
        return Optional.ofNullable(versions.get(number.value())).map(InMemoryVersionLog::verified);
    }

    @Override
    public synchronized boolean append(AllowlistVersion version) {
        return versions.putIfAbsent(version.number(), AsStored.version(version)) == null;
    }

    @Override
    public synchronized boolean markApplied(VersionNumber number, Instant at) {
        return moveFromPending(number, ApplyStatus.APPLIED, AsStored.millis(at));
    }

    @Override
    public synchronized boolean markSuperseded(VersionNumber number) {
        return moveFromPending(number, ApplyStatus.SUPERSEDED, null);
    }

    @Override
    public synchronized List<VersionSummary> list(VersionNumber beforeNumber, int limit) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100, got " + limit);
        }
        NavigableMap<Long, AllowlistVersion> older = beforeNumber == null ? versions
                : versions.headMap(beforeNumber.value(), false);
        return older.descendingMap().values().stream().limit(limit).map(VersionSummary::of).toList();
    }

    private boolean moveFromPending(VersionNumber number, ApplyStatus to, Instant appliedAt) {
        AllowlistVersion current = versions.get(number.value());
        if (current == null || current.applyStatus() != ApplyStatus.PENDING) {
            return false;
        }
        versions.put(number.value(), new AllowlistVersion(current.number(), current.parent(), current.targets(),
                current.sha256(), current.cause(), current.actor(), current.createdAt(), to,
                appliedAt == null ? current.appliedAt() : appliedAt, current.mode()));
        return true;
    }

    /** As the DynamoDB log does on every read: a snapshot that does not match its hash is never used. */
    private static AllowlistVersion verified(AllowlistVersion version) {
        String hash = AllowlistVersion.contentHash(version.targets());
        if (!hash.equals(version.sha256())) {
            throw new SnapshotIntegrityException(version.versionNumber(), version.sha256(), hash);
        }
        return version;
    }
}
