package io.egressallowlist.shared.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hash chain over the audit trail, as verification reads it. Every record written since the chain began
 * carries its place ({@code chainSeq} 1, 2, 3… without gaps), the hash of its predecessor ({@code prevHash}) and
 * its own hash, {@link #hash sha256(prevHash + canonical content)}; a head item holds the newest place and hash.
 * An edited record no longer matches its hash, a deleted one leaves a gap, an inserted one takes a place twice,
 * carries no place at all, or breaks a link. Implemented by {@code store.DynamoAuditTrail}.
 */
public interface AuditChain {

    /** The predecessor of the first record. */
    String GENESIS_HASH = "0".repeat(64);

    /** The head: where the chain ends; empty before the first chained record. */
    Optional<Head> head();

    /**
     * Chained records whose place is in {@code [from, to]}, in order of place; two records claiming the same place
     * are both returned. Read through an index that may lag a moment behind the latest writes.
     */
    List<Link> links(long from, long to);

    /** The records that carry no place: how many were written before {@code genesis}, and those after it. */
    Unchained unchained(Instant genesis);

    /**
     * The head item.
     *
     * @param seq     the place of the newest record
     * @param hash    its hash
     * @param genesis when the chain began: records without a place written before it predate the chain
     * @param pending the records of the last append (the newest last) as the head holds them, in case their own
     *                items are not written yet (a writer stops between moving the head and writing the records; the
     *                next writer completes them)
     */
    record Head(long seq, String hash, Instant genesis, List<Link> pending) {
        public Head {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(genesis, "genesis");
            pending = List.copyOf(pending);
        }
    }

    /**
     * One chained record as stored.
     *
     * @param content the canonical serialisation of every stored attribute except the chain's own (see
     *                {@code store.CanonicalItem}): what the hash covers
     */
    record Link(long seq, String subject, String eventId, Instant at, String prevHash, String hash, String content) {
        public Link {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(content, "content");
        }

        /** Whether the stored hash is the hash of the stored predecessor hash and content. */
        public boolean hashMatches() {
            return prevHash != null && hash != null && hash.equals(AuditChain.hash(prevHash, content));
        }
    }

    /** A record without a place: its key and time. */
    record Key(String subject, String eventId, Instant at) { }

    /**
     * @param beforeGenesis records written before the chain began, which it does not cover
     * @param afterGenesis  records written since, outside the chain: inserted around it (at most a few are kept)
     */
    record Unchained(long beforeGenesis, List<Key> afterGenesis) {
        public Unchained {
            afterGenesis = List.copyOf(afterGenesis);
        }
    }

    /** {@code sha256(prevHash + content)} over UTF-8, in lower-case hex. */
    static String hash(String prevHash, String content) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((prevHash + content).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException everyJvmHasIt) {
            throw new IllegalStateException(everyJvmHasIt);
        }
    }

    /** The index partition of a place: {@code seq / 1000}, zero-padded to 12 digits. */
    static String page(long seq) {
        return String.format("%012d", seq / 1000);
    }
}
