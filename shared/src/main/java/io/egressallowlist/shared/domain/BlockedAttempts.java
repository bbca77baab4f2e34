package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store of blocked attempts and of the digest state of each subject (the DynamoDB adapter's item layout is
 * described in {@code DynamoBlockedAttempts}).
 *
 * <p>Attempts are kept per subject, source, host and UTC hour. {@link #add} is idempotent by its
 * {@link Contribution#token()}: a contribution already added to its hour is refused, so a subscription batch
 * delivered twice, or retried after it failed half-way, never counts a flow twice — as long as the retry
 * attributes each pair to the same subject: the token is checked within the subject's attempts only
 * ({@code AlertIngest} says when a retry may not).
 */
public interface BlockedAttempts {

    /**
     * What one batch adds to one (subject, source, host) in one hour.
     *
     * @param hour      the start of the UTC hour of the batch's first flow of this pair
     * @param token     identifies the log events counted (a digest of their ids); the idempotency key
     * @param expiresAt when the store may forget it
     */
    record Contribution(BlockedAttempt attempt, Instant hour, String token, Instant expiresAt) {
        public Contribution {
            Objects.requireNonNull(attempt, "attempt");
            Objects.requireNonNull(hour, "hour");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (hour.getEpochSecond() % 3600 != 0 || hour.getNano() != 0) {
                throw new IllegalArgumentException("an hour starts on the hour");
            }
            if (token.isEmpty() || token.length() > 64) {
                throw new IllegalArgumentException("a token is 1 to 64 characters");
            }
        }
    }

    /** Adds {@code contribution}; false, changing nothing, when its token was already added to its hour. */
    boolean add(Contribution contribution);

    /** The attempts of one subject ({@link Attribution#subjectKey()}) last seen at or after {@code since}, per hour. */
    List<BlockedAttempt> ofSubject(String subjectKey, Instant since);

    /** Every attempt last seen at or after {@code since}, per hour (approvers' view, digests). */
    List<BlockedAttempt> since(Instant since);

    /** When the last digest of {@code recipientKey} was sent; empty when none was. */
    Optional<Instant> lastDigest(String recipientKey);

    /**
     * Records that a digest of {@code recipientKey} is sent at {@code at}, only if the last one recorded is still
     * {@code previous} (empty: none): of two runs deciding the same digest, one claims it and the other gets false.
     */
    boolean claimDigest(String recipientKey, Optional<Instant> previous, Instant at, Instant expiresAt);

    /** Puts back {@code previous} after a claimed digest could not be sent, if the claim at {@code at} still holds. */
    void releaseDigest(String recipientKey, Instant at, Optional<Instant> previous);
}
