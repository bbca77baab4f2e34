package io.egressallowlist.shared.domain;

import java.util.Objects;

/**
 * The first thing wrong with the audit chain, naming the record concerned.
 *
 * @param kind     what happened to the trail
 * @param seq      the place in the chain concerned
 * @param eventId  the record's event id; null for a deleted record, whose key is gone with it
 * @param subject  the record's subject; null for a deleted record
 * @param message  what was found, for people
 */
public record ChainProblem(Kind kind, long seq, String eventId, String subject, String message) {

    /** What happened to the trail. */
    public enum Kind {
        /** A record's content no longer matches its hash, or the head's. */
        EDITED,
        /** A record that was not written in turn: a place taken twice, no place, a broken link, past the head. */
        INSERTED,
        /** A place in the chain is empty. */
        DELETED
    }

    public ChainProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
