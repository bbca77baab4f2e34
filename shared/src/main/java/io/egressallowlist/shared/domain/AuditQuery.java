package io.egressallowlist.shared.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to read of the audit trail ({@link AuditTrail#query}): the records in {@code [from, to)} that match every
 * filter given, oldest first, at most {@code limit} of them, after the position {@code after} where the previous
 * page ended. Records are ordered by their time key ({@link #timeKey}): by time to the second, and within one
 * second by the key as the by-day index sorts it.
 *
 * @param from      the first instant included
 * @param to        the first instant no longer included
 * @param actor     only records by exactly this actor; null for any
 * @param requestId only records about this request; null for any
 * @param action    only records of this action ({@code REQUEST_APPROVED}…); null for any
 * @param limit     at most this many records, 1 to {@value #MAX_LIMIT}
 * @param after     the position after which to continue (the previous page's {@link AuditPage#nextCursor}); null
 *                  from the start
 * @param scope     only records of this scope ({@link AuditEvent#scope}: records without one are {@code default}'s);
 *                  null for any
 */
public record AuditQuery(Instant from, Instant to, String actor, RequestId requestId, String action, int limit,
                         Cursor after, ScopeName scope) {

    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 100;
    /** The form of an action: what {@link AuditEvent} factories write, and no more. */
    public static final Pattern ACTION = Pattern.compile("[A-Z_]{1,64}");
    /** Longer than any IAM ARN ({@code 2048}) or Slack id an actor holds. */
    public static final int MAX_ACTOR = 2048;

    private static final DateTimeFormatter TIME_KEY = DateTimeFormatter.ISO_INSTANT;

    public AuditQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the range starts (" + from + ") after it ends (" + to + ")");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (action != null && !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("an action is 1 to 64 of A-Z and _, such as REQUEST_APPROVED");
        }
        if (actor != null && (actor.isBlank() || actor.length() > MAX_ACTOR)) {
            throw new IllegalArgumentException("an actor is 1 to " + MAX_ACTOR + " characters, not blank");
        }
        if (after != null && (after.timeKey().compareTo(firstKey(from)) < 0
                || after.timeKey().compareTo(lastKey(to)) > 0)) {
            throw new IllegalArgumentException("the cursor lies outside the time range; it belongs to another query");
        }
    }

    /**
     * The lowest time key of the whole second that holds {@code at}. ISO-8601 prints a whole second as
     * {@code …:00Z} and a fraction as {@code …:00.500Z}; as strings {@code .} sorts before {@code Z}, so a bound
     * written as {@code …:00Z} would miss the fractions of its own second. A key range therefore covers whole
     * seconds, from the bare prefix (before both forms) to the prefix followed by {@code ~} (after both), and
     * {@link #matches} keeps the exact range.
     */
    public static String firstKey(Instant at) {
        String whole = TIME_KEY.format(at.truncatedTo(ChronoUnit.SECONDS));
        return whole.substring(0, whole.length() - 1);
    }

    /** The highest time key of the whole second that holds {@code at} (see {@link #firstKey}). */
    public static String lastKey(Instant at) {
        return firstKey(at) + "~";
    }

    /** Every record in {@code [from, to)}, {@value #DEFAULT_LIMIT} a page. */
    public static AuditQuery between(Instant from, Instant to) {
        return new AuditQuery(from, to, null, null, null, DEFAULT_LIMIT, null, null);
    }

    public AuditQuery withLimit(int newLimit) {
        return new AuditQuery(from, to, actor, requestId, action, newLimit, after, scope);
    }

    public AuditQuery withActor(String newActor) {
        return new AuditQuery(from, to, newActor, requestId, action, limit, after, scope);
    }

    public AuditQuery withRequest(RequestId newRequestId) {
        return new AuditQuery(from, to, actor, newRequestId, action, limit, after, scope);
    }

    public AuditQuery withAction(String newAction) {
        return new AuditQuery(from, to, actor, requestId, newAction, limit, after, scope);
    }

    public AuditQuery withScope(ScopeName newScope) {
        return new AuditQuery(from, to, actor, requestId, action, limit, after, newScope);
    }

    /** The query for the page after the one that ended at {@code cursor}. */
    public AuditQuery after(Cursor cursor) {
        return new AuditQuery(from, to, actor, requestId, action, limit, cursor, scope);
    }

    /** Whether {@code event} (as stored: to the millisecond) is one this query asks for. */
    public boolean matches(AuditEvent event) {
        return !event.at().isBefore(from) && event.at().isBefore(to)
                && (actor == null || actor.equals(event.actor()))
                && (requestId == null || requestId.equals(event.requestId()))
                && (action == null || action.equals(event.action()))
                && (scope == null || scope.equals(event.scope()));
    }

    /**
     * The sort key of a record in the by-day index: its instant in ISO-8601 (as {@link DateTimeFormatter#ISO_INSTANT}
     * prints it), {@code #}, its event id.
     */
    public static String timeKey(Instant at, String eventId) {
        return TIME_KEY.format(at) + "#" + eventId;
    }

    /**
     * Where a page ended: the time key, subject and event id of the last record read. The time key alone is not
     * unique (an event id is unique only within its subject), so the position carries the record's whole key.
     */
    public record Cursor(String timeKey, String subject, String eventId) implements Comparable<Cursor> {
        private static final Pattern DAY_PREFIX = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*#.*", Pattern.DOTALL);

        public Cursor {
            Objects.requireNonNull(timeKey, "timeKey");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(eventId, "eventId");
            if (!DAY_PREFIX.matcher(timeKey).matches() || subject.isEmpty() || eventId.isEmpty()) {
                throw new IllegalArgumentException("not a position in the audit trail");
            }
        }

        /** The UTC day of the record, {@code 2026-12-05}: the partition of the by-day index it is in. */
        public String day() {
            return timeKey.substring(0, 10);
        }

        /**
         * The cursor as one string of URL-safe characters, for a page token. The event id is the part of the time
         * key after its {@code #} (an ISO-8601 instant has none), so it is not written twice.
         */
        public String encoded() {
            return part(timeKey) + "." + part(subject);
        }

        /** The cursor {@link #encoded} wrote; empty for anything else. */
        public static Optional<Cursor> decode(String text) {
            String[] parts = text == null ? new String[0] : text.split("\\.", -1);
            if (parts.length != 2) {
                return Optional.empty();
            }
            try {
                String timeKey = unpart(parts[0]);
                return Optional.of(new Cursor(timeKey, unpart(parts[1]), timeKey.substring(timeKey.indexOf('#') + 1)));
            } catch (IllegalArgumentException notOurs) {
                return Optional.empty();
            }
        }

        /** The order of the by-day index: time key, then the record's key. */
        @Override
        public int compareTo(Cursor other) {
            int byTime = timeKey.compareTo(other.timeKey);
            if (byTime != 0) {
                return byTime;
            }
            int bySubject = subject.compareTo(other.subject);
            return bySubject != 0 ? bySubject : eventId.compareTo(other.eventId);
        }

        private static String part(String value) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        }

        private static String unpart(String value) {
            return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        }
    }
}
