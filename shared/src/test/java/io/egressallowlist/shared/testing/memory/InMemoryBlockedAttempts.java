package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link BlockedAttempts} in memory, with the DynamoDB store's semantics: one attempt per (subject, hour, source,
 * host, learning or not), a contribution counted once per token, digest claims conditional on the last recorded time.
 * A fault can be
 * injected: {@link #failAfter(int)} makes the n+1-th {@link #add} throw, as a write that did not reach the table.
 */
public final class InMemoryBlockedAttempts implements BlockedAttempts {

    private record Key(String subject, Instant hour, String source, String host, boolean learning) { }

    private record Entry(BlockedAttempt attempt, Set<String> tokens) { }

    private final Map<Key, Entry> attempts = new LinkedHashMap<>();
    private final Map<String, Instant> digests = new ConcurrentHashMap<>();
    private int addsBeforeFailure = -1;

    /** The next {@code writes} adds succeed, the one after throws; -1 (the default) never throws. */
    public synchronized InMemoryBlockedAttempts failAfter(int writes) {
        this.addsBeforeFailure = writes;
        return this;
    }

    @Override
    public synchronized boolean add(Contribution contribution) {
        if (addsBeforeFailure == 0) {
            addsBeforeFailure = -1;
            throw new IllegalStateException("injected: the write did not reach the store");
        }
        if (addsBeforeFailure > 0) {
            addsBeforeFailure--;
        }
        BlockedAttempt added = contribution.attempt();
        Key key = new Key(added.attribution().subjectKey(), contribution.hour(), added.source().value(),
                added.host().shown(), added.learning());
        Entry entry = attempts.get(key);
        if (entry != null && entry.tokens().contains(contribution.token())) {
            return false;
        }
        Set<String> tokens = entry == null ? new HashSet<>() : entry.tokens();
        tokens.add(contribution.token());
        BlockedAttempt merged = entry == null ? added : new BlockedAttempt(added.attribution(), added.source(),
                added.host(), added.protocol(), entry.attempt().count() + added.count(),
                min(entry.attempt().firstSeen(), added.firstSeen()), max(entry.attempt().lastSeen(), added.lastSeen()),
                added.scope().or(() -> entry.attempt().scope()), added.learning());
        attempts.put(key, new Entry(merged, tokens));
        return true;
    }

    @Override
    public synchronized List<BlockedAttempt> ofSubject(String subjectKey, Instant since) {
        List<BlockedAttempt> found = new ArrayList<>();
        attempts.forEach((key, entry) -> {
            if (key.subject().equals(subjectKey) && !entry.attempt().lastSeen().isBefore(since)) {
                found.add(entry.attempt());
            }
        });
        return found;
    }

    @Override
    public synchronized List<BlockedAttempt> since(Instant since) {
        return attempts.values().stream().map(Entry::attempt).filter(a -> !a.lastSeen().isBefore(since)).toList();
    }

    @Override
    public Optional<Instant> lastDigest(String recipientKey) {
        return Optional.ofNullable(digests.get(recipientKey));
    }

    @Override
    public synchronized boolean claimDigest(String recipientKey, Optional<Instant> previous, Instant at,
                                            Instant expiresAt) {
        if (!Optional.ofNullable(digests.get(recipientKey)).equals(previous)) {
            return false;
        }
        digests.put(recipientKey, at);
        return true;
    }

    @Override
    public synchronized void releaseDigest(String recipientKey, Instant at, Optional<Instant> previous) {
        if (at.equals(digests.get(recipientKey))) {
            previous.ifPresentOrElse(p -> digests.put(recipientKey, p), () -> digests.remove(recipientKey));
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
