package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.WriterLease;

import java.time.Instant;
import java.util.Optional;

/** The writer lease in memory; every operation under one lock, as DynamoDB makes each update atomic. */
public final class InMemoryWriterLease implements WriterLease {

    private String owner;
    private Instant until;
    private long pending;

    @Override
    public synchronized Claim claim(String claimant, Instant now, Instant newUntil) {
        if (owner == null || until.isBefore(now) || owner.equals(claimant)) {
            owner = claimant;
            until = newUntil;
            return new Acquired(new Held(claimant, pending, newUntil));
        }
        pending++;
        return new Busy(owner, until);
    }

    @Override
    public synchronized Optional<Held> renew(Held held, Instant newUntil) {
        if (!held.owner().equals(owner)) {
            return Optional.empty();
        }
        until = newUntil;
        return Optional.of(new Held(owner, pending, newUntil));
    }

    @Override
    public synchronized boolean release(Held held) {
        if (!held.owner().equals(owner) || held.pending() != pending) {
            return false;
        }
        owner = null;
        until = null;
        return true;
    }

    @Override
    public synchronized void abandon(Held held) {
        if (held.owner().equals(owner)) {
            owner = null;
            until = null;
        }
    }
}
