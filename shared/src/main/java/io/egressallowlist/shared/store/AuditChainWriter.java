package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AuditChain;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.number;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;

/**
 * Appends audit items to the hash chain ({@link AuditChain}) with single-item conditional writes only: DynamoDB
 * transactions would make this one step, but the chain must also run where there are none (dynalite).
 *
 * <p>The head item ({@code chain}/{@code head}) holds the newest place N, its hash and a copy of the records of the
 * last append ({@code pending}, the last of them at N). To append records:
 * <ol>
 *   <li>read the head, strongly consistent (create it at place 0 on the very first append);</li>
 *   <li>make sure the head's records exist: put each copy that is missing. This completes the append of a writer
 *       that stopped after moving the head, so the head moves past a place only once its record exists;</li>
 *   <li>a record whose key is taken, or that is among the head's copies, is a duplicate: it takes no place;</li>
 *   <li>move the head to N + k for the k others, with their chained items as its copy, on condition that it is
 *       still at N; when another writer moved it first ({@code ConditionalCheckFailed}), wait a jittered moment and
 *       start over;</li>
 *   <li>put the k items (if absent: a writer that read the head after step 4 may have put them in its step 2).</li>
 * </ol>
 * A crash at any point leaves either nothing (before 4) or a head whose copies the next append writes (after 4),
 * so the chain converges without gaps. Since the head is one item, appends are serialised by it; so that a burst of
 * events in one process does not race itself for it, the appends of one writer take turns and whoever's turn it is
 * appends every record waiting (up to {@value #MAX_BATCH}) in one move of the head. A writer also remembers the
 * head it left (its records written), so its next append skips steps 1 and 2 while no other writer moved it.
 */
final class AuditChainWriter {

    static final String SEQ = "chainSeq";
    static final String PREV_HASH = "prevHash";
    static final String HASH = "hash";
    static final String PAGE = "chainPage";

    static final String HEAD_SUBJECT = "chain";
    static final String HEAD_EVENT = "head";
    static final String HEAD_SEQ = "headSeq";
    static final String HEAD_HASH = "headHash";
    static final String GENESIS = "genesisAt";
    static final String PENDING = "pending";

    /** The most records one move of the head takes: their copies stay well inside DynamoDB's 400 KB item. */
    static final int MAX_BATCH = 25;
    /** Appends give up after this many lost races for the head (each waits up to 50 ms). */
    private static final int MAX_ATTEMPTS = 500;

    /** The most of this writer's own moves of the head it remembers, to tell whether a record's check still holds. */
    private static final int MOVES_KEPT = 1_000;

    /**
     * A record waiting for its turn, and whether it was recorded.
     *
     * @param checkedAt the place of the head, as this writer last left it with its records written, when the record
     *                  was found absent before waiting; -1 when it was not checked
     */
    private record Waiting(Map<String, AttributeValue> record, CompletableFuture<Boolean> recorded, long checkedAt) {
        Map<String, AttributeValue> key() {
            return AuditChainWriter.key(record);
        }
    }

    /** One of this writer's own moves of the head, from {@code after} to {@code to}, and the keys it placed. */
    private record Move(long after, long to, Set<Map<String, AttributeValue>> keys) { }

    private final DynamoTable table;
    private final Clock clock;
    private final ReentrantLock inTurn = new ReentrantLock();
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    /**
     * The head as this writer last left it, its records written: the next append starts from it without reading the
     * head or completing its records. Null when unknown; the conditional move of the head catches a stale one.
     */
    private Map<String, AttributeValue> lastWritten;
    /** The place of {@link #lastWritten} once its records are written, read without waiting for a turn; -1 unknown. */
    private volatile long knownSeq = -1;
    /** This writer's own moves since it last read the head, oldest first. */
    private final Deque<Move> moves = new ArrayDeque<>();

    AuditChainWriter(DynamoTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    static Map<String, AttributeValue> headKey() {
        return Map.of(TableSchemas.AUDIT_SUBJECT_KEY, s(HEAD_SUBJECT), TableSchemas.AUDIT_EVENT_KEY, s(HEAD_EVENT));
    }

    /**
     * Appends {@code record} (an audit item without chain fields); false when its key was already recorded. While
     * the writer knows a head whose records are written, the record's key is looked up before it waits for a turn,
     * beside the other waiting appends: a record found then stays found, and one not found is new unless one of this
     * writer's own later moves placed it (no other writer moved the head in between, or the turn's conditional move
     * fails and everything is read again).
     */
    boolean append(Map<String, AttributeValue> record) {
        long known = knownSeq;
        if (known >= 0 && table.read(key(record)).isPresent()) {
            return false;
        }
        Waiting mine = new Waiting(record, new CompletableFuture<>(), known);
        waiting.add(mine);
        inTurn.lock();
        try {
            while (!mine.recorded().isDone()) {
                List<Waiting> batch = new ArrayList<>();
                for (Waiting next = waiting.poll(); next != null; next = batch.size() < MAX_BATCH ? waiting.poll() : null) {
                    batch.add(next);
                }
                commit(batch);
            }
        } finally {
            inTurn.unlock();
        }
        try {
            return mine.recorded().join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    private void commit(List<Waiting> batch) {
        try {
            Map<Map<String, AttributeValue>, Waiting> unique = new LinkedHashMap<>();
            for (Waiting one : batch) {
                if (unique.putIfAbsent(one.key(), one) != null) {
                    one.recorded().complete(false);
                }
            }
            commitUnique(unique);
        } catch (RuntimeException failed) {
            forget();
            batch.forEach(one -> one.recorded().completeExceptionally(failed));
        }
    }

    private void commitUnique(Map<Map<String, AttributeValue>, Waiting> unique) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            boolean fresh = lastWritten == null;
            Map<String, AttributeValue> head = fresh ? head() : lastWritten;
            lastWritten = null;
            long seq = number(head, HEAD_SEQ);
            if (fresh) {
                moves.clear();
            }
            List<Map<String, AttributeValue>> copies = pending(head);
            Set<Map<String, AttributeValue>> copyKeys = new HashSet<>();
            copies.forEach(copy -> copyKeys.add(key(copy)));
            Set<Map<String, AttributeValue>> placedByMe = new HashSet<>();
            Set<Map<String, AttributeValue>> asked = new HashSet<>();
            for (Waiting one : unique.values()) {
                Boolean absent = stillAbsent(one, seq);
                if (absent == null) {
                    asked.add(one.key());
                } else if (!absent) {
                    placedByMe.add(one.key());
                }
            }
            if (fresh) {
                asked.addAll(copyKeys);
            }
            Set<Map<String, AttributeValue>> existing = asked.isEmpty() ? Set.of() : existing(asked);
            if (fresh) {
                copies.stream().filter(copy -> !existing.contains(key(copy)))
                        .forEach(copy -> table.putIfAbsent(copy, TableSchemas.AUDIT_EVENT_KEY));
                knownSeq = seq;
            }
            for (Waiting one : List.copyOf(unique.values())) {
                if (existing.contains(one.key()) || copyKeys.contains(one.key()) || placedByMe.contains(one.key())) {
                    one.recorded().complete(false);
                    unique.remove(one.key());
                }
            }
            if (unique.isEmpty()) {
                lastWritten = head;
                return;
            }
            List<Map<String, AttributeValue>> chained = chained(unique.values(), seq, string(head, HEAD_HASH));
            AttributeValue pending = AttributeValue.fromL(chained.stream().map(AttributeValue::fromM).toList());
            if (moveHead(seq, chained, pending)) {
                Map<String, AttributeValue> last = chained.get(chained.size() - 1);
                moves.addLast(new Move(seq, number(last, SEQ), Set.copyOf(unique.keySet())));
                if (moves.size() > MOVES_KEPT) {
                    moves.removeFirst();
                }
                putAll(chained);
                lastWritten = Map.of(HEAD_SEQ, last.get(SEQ), HEAD_HASH, last.get(HASH), PENDING, pending);
                knownSeq = number(last, SEQ);
                unique.values().forEach(one -> one.recorded().complete(true));
                return;
            }
            if (attempt > 1) {
                pause(attempt);
            }
        }
        throw new IllegalStateException("the audit chain's head stayed contended through " + MAX_ATTEMPTS
                + " attempts");
    }

    /** Puts the records of a move at once: each is its own call, and they need not wait for each other. */
    private void putAll(List<Map<String, AttributeValue>> chained) {
        if (chained.size() == 1) {
            table.putIfAbsent(chained.get(0), TableSchemas.AUDIT_EVENT_KEY);
            return;
        }
        CompletableFuture.allOf(chained.stream().map(item -> CompletableFuture.runAsync(
                () -> table.putIfAbsent(item, TableSchemas.AUDIT_EVENT_KEY))).toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Whether {@code one}, found absent when the head was at {@code checkedAt}, is still absent with the head at
     * {@code seq}: the places in between must all be this writer's own moves (then its key is among them or not);
     * null when they are not known to be.
     */
    private Boolean stillAbsent(Waiting one, long seq) {
        long at = one.checkedAt();
        if (at < 0) {
            return null;
        }
        boolean placed = false;
        for (Move move : moves) {
            if (move.to() <= at) {
                continue;
            }
            if (move.after() != at) {
                return null;
            }
            placed |= move.keys().contains(one.key());
            at = move.to();
        }
        return at == seq ? !placed : null;
    }

    /** After a failure nothing this writer knew of the head can be relied on. */
    private void forget() {
        lastWritten = null;
        knownSeq = -1;
        moves.clear();
    }

    private static List<Map<String, AttributeValue>> chained(Collection<Waiting> records, long after, String hash) {
        List<Map<String, AttributeValue>> chained = new ArrayList<>();
        long seq = after;
        String prevHash = hash;
        for (Waiting one : records) {
            Map<String, AttributeValue> item = chained(one.record(), ++seq, prevHash);
            chained.add(item);
            prevHash = item.get(HASH).s();
        }
        return chained;
    }

    /** {@code record} with its place, its predecessor's hash, its own hash and its index partition. */
    static Map<String, AttributeValue> chained(Map<String, AttributeValue> record, long seq, String prevHash) {
        Map<String, AttributeValue> chained = new HashMap<>(record);
        chained.keySet().removeAll(CanonicalItem.CHAIN_FIELDS);
        chained.put(SEQ, n(seq));
        chained.put(PREV_HASH, s(prevHash));
        chained.put(HASH, s(AuditChain.hash(prevHash, CanonicalItem.of(record))));
        chained.put(PAGE, s(AuditChain.page(seq)));
        return chained;
    }

    private Map<String, AttributeValue> head() {
        Optional<Map<String, AttributeValue>> head = table.read(headKey());
        if (head.isPresent()) {
            return head.get();
        }
        Map<String, AttributeValue> genesis = new HashMap<>(headKey());
        genesis.put(HEAD_SEQ, n(0));
        genesis.put(HEAD_HASH, s(AuditChain.GENESIS_HASH));
        genesis.put(GENESIS, millis(clock.instant()));
        table.putIfAbsent(genesis, TableSchemas.AUDIT_EVENT_KEY);
        return table.read(headKey()).orElseThrow();
    }

    /** The head's copies of the records of the last append, in order of place. */
    static List<Map<String, AttributeValue>> pending(Map<String, AttributeValue> head) {
        AttributeValue pending = head.get(PENDING);
        return pending == null || !pending.hasL() ? List.of()
                : pending.l().stream().filter(AttributeValue::hasM).map(AttributeValue::m).toList();
    }

    /** Which of {@code keys} have an item, read strongly consistent in one BatchGetItem (and its unprocessed keys). */
    private Set<Map<String, AttributeValue>> existing(Set<Map<String, AttributeValue>> keys) {
        Set<Map<String, AttributeValue>> found = new HashSet<>();
        Map<String, KeysAndAttributes> ask = keys.isEmpty() ? Map.of() : Map.of(table.name(), KeysAndAttributes.builder()
                .keys(keys).consistentRead(true).projectionExpression("#s, #e")
                .expressionAttributeNames(Map.of("#s", TableSchemas.AUDIT_SUBJECT_KEY,
                        "#e", TableSchemas.AUDIT_EVENT_KEY)).build());
        while (!ask.isEmpty()) {
            Map<String, KeysAndAttributes> now = ask;
            BatchGetItemResponse response = table.client().batchGetItem(b -> b.requestItems(now));
            response.responses().getOrDefault(table.name(), List.of()).forEach(item -> found.add(key(item)));
            ask = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return found;
    }

    /**
     * Moves the head from {@code seq} past {@code chained}, with {@code pending} (their copies) as its records of the
     * last append; false when another writer moved it first.
     */
    private boolean moveHead(long seq, List<Map<String, AttributeValue>> chained, AttributeValue pending) {
        Map<String, AttributeValue> last = chained.get(chained.size() - 1);
        try {
            table.client().updateItem(b -> b.tableName(table.name()).key(headKey())
                    .updateExpression("SET #seq = :next, #hash = :hash, #pending = :pending")
                    .conditionExpression("#seq = :seq")
                    .expressionAttributeNames(Map.of("#seq", HEAD_SEQ, "#hash", HEAD_HASH, "#pending", PENDING))
                    .expressionAttributeValues(Map.of(":next", last.get(SEQ), ":hash", last.get(HASH),
                            ":pending", pending,
                            ":seq", n(seq))));
            return true;
        } catch (ConditionalCheckFailedException movedFirst) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of(TableSchemas.AUDIT_SUBJECT_KEY, item.get(TableSchemas.AUDIT_SUBJECT_KEY),
                TableSchemas.AUDIT_EVENT_KEY, item.get(TableSchemas.AUDIT_EVENT_KEY));
    }

    /** Full jitter: a random wait up to a ceiling that doubles per lost race, from 2 ms to 50 ms. */
    private static void pause(int attempt) {
        long ceiling = Math.min(50, 1L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending to the audit chain", interrupted);
        }
    }
}
