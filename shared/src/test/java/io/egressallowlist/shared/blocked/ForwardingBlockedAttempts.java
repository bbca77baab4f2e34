package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A store that passes every call to {@code store}; a test overrides the calls it slows down or fails. */
abstract class ForwardingBlockedAttempts implements BlockedAttempts {

    private final BlockedAttempts store;

    ForwardingBlockedAttempts(BlockedAttempts store) {
        this.store = store;
    }

    @Override
    public boolean add(Contribution contribution) {
        return store.add(contribution);
    }

    @Override
    public List<BlockedAttempt> ofSubject(String subjectKey, Instant since) {
        return store.ofSubject(subjectKey, since);
    }

    @Override
    public List<BlockedAttempt> since(Instant since) {
        return store.since(since);
    }

    @Override
    public Optional<Instant> lastDigest(String recipientKey) {
        return store.lastDigest(recipientKey);
    }

    @Override
    public boolean claimDigest(String recipientKey, Optional<Instant> previous, Instant at, Instant expiresAt) {
        return store.claimDigest(recipientKey, previous, at, expiresAt);
    }

    @Override
    public void releaseDigest(String recipientKey, Instant at, Optional<Instant> previous) {
        store.releaseDigest(recipientKey, at, previous);
    }
}
