package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AllowlistRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.shared.store.Attributes.instant;
import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;

/**
 * The slot items of the requests table, each naming the request that holds it:
 * <ul>
 *   <li>{@code open#<target>} (or {@code open#rollback} for every rollback, {@code open#mode} for every mode
 *       switch): "one open request per target", claimed with {@code attribute_not_exists}; a slot whose holder is
 *       gone or closed is stale and taken over with a condition on the old holder, so a crash between the two
 *       writes heals itself. Scopes other than {@code default} name theirs {@code open#<scope>#…}, so the same
 *       target may be open in two scopes, and {@code default} keeps the slots it had before scopes existed
 *       (a target holds no {@code #}, so the two never meet);</li>
 *   <li>{@code idem#<principal>#<key>}: an idempotency key, claimed the same way.</li>
 * </ul>
 * A failed claim re-reads the slot: {@code ReturnValuesOnConditionCheckFailure} would save the read but
 * dynalite does not return the item (see DynaliteGapsTest). Slot items carry the table's {@code ttl}.
 */
record RequestSlots(DynamoTable table, Clock clock, RequestQueries requests) {

    private static final Duration SLOT_RETENTION = Duration.ofDays(400);
    private static final int SLOT_ATTEMPTS = 20;
    /**
     * A slot whose holder is not stored yet is normally a create in progress (the slot is claimed before
     * the request is written). Only after this long is it taken as left behind by a crash.
     */
    static final Duration ABANDONED_SLOT_AGE = Duration.ofSeconds(30);
    private static final Duration SLOT_RECHECK = Duration.ofMillis(50);

    /** The open-request slot of {@code request}: per scope, and per target, rollback or mode switch within it. */
    static String slotKey(AllowlistRequest request) {
        String subject = switch (request.kind()) {
            case DOMAIN -> request.target().value();
            case ROLLBACK -> "rollback";
            case MODE -> "mode";
        };
        return request.scope().isDefault() ? "open#" + subject : "open#" + request.scope() + "#" + subject;
    }

    private static String idempotencyItemKey(AllowlistRequest request) {
        return "idem#" + request.requester().principal() + "#" + request.idempotencyKey();
    }

    /** Claims the slot of the request's target for it; returns the open request holding it otherwise. */
    Optional<AllowlistRequest> claimOpenSlot(AllowlistRequest request) {
        String slot = slotKey(request);
        String holder = request.id().value();
        for (int attempt = 0; attempt < SLOT_ATTEMPTS; attempt++) {
            if (putSlot(slot, holder, null)) {
                return Optional.empty();
            }
            Optional<Slot> current = readSlot(slot);
            if (current.isEmpty()) {
                continue; // released in between: try again
            }
            Optional<AllowlistRequest> holderRequest = requests.find(current.get().holder());
            if (holderRequest.isPresent() && holderRequest.get().status().isOpen()) {
                return holderRequest;
            }
            if (holderRequest.isEmpty() && !current.get().abandonedAt(clock.instant())) {
                pause(); // the holder is being written right now
                continue;
            }
            // Stale: its holder has closed without releasing, or was never stored (a crash).
            if (putSlot(slot, holder, current.get().holder())) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("could not claim " + slot + " after " + SLOT_ATTEMPTS
                + " attempts; another request for the same target is being created. Retry.");
    }

    /** Returns the original request when the key was used before; claims the key otherwise. */
    Optional<AllowlistRequest> claimIdempotencyKey(AllowlistRequest request) {
        String key = idempotencyItemKey(request);
        for (int attempt = 0; attempt < SLOT_ATTEMPTS; attempt++) {
            if (putSlot(key, request.id().value(), null)) {
                return Optional.empty();
            }
            Optional<Slot> current = readSlot(key);
            if (current.isEmpty()) {
                continue;
            }
            Optional<AllowlistRequest> original = requests.find(current.get().holder());
            if (original.isPresent()) {
                return original;
            }
            if (!current.get().abandonedAt(clock.instant())) {
                pause();
                continue;
            }
            if (putSlot(key, request.id().value(), current.get().holder())) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("could not claim the idempotency key after " + SLOT_ATTEMPTS
                + " attempts; a request with the same key is being created. Retry.");
    }

    /** Points the request's idempotency key, which it claimed, at the request it met instead. */
    void pointIdempotencyKey(AllowlistRequest request, String existingId) {
        putSlot(idempotencyItemKey(request), existingId, request.id().value());
    }

    /** Frees the slot of a request that has closed, unless another request has taken it over already. */
    void releaseOpenSlot(AllowlistRequest closed) {
        try {
            table.client().deleteItem(b -> b.tableName(table.name())
                    .key(Map.of(TableSchemas.REQUEST_KEY, s(slotKey(closed))))
                    .conditionExpression("#holder = :holder")
                    .expressionAttributeNames(Map.of("#holder", "holder"))
                    .expressionAttributeValues(Map.of(":holder", s(closed.id().value()))));
        } catch (ConditionalCheckFailedException alreadyReleasedOrTakenOver) {
            // Nothing to release: another request holds the slot now.
        }
    }

    private record Slot(String holder, Instant claimedAt) {
        boolean abandonedAt(Instant now) {
            return claimedAt == null || claimedAt.plus(ABANDONED_SLOT_AGE).isBefore(now);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(SLOT_RECHECK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrent create", e);
        }
    }

    /** Writes a slot item naming {@code holder}: only if absent ({@code expectedHolder} null) or held by {@code expectedHolder}. */
    private boolean putSlot(String slot, String holder, String expectedHolder) {
        Map<String, AttributeValue> item = Map.of(
                TableSchemas.REQUEST_KEY, s(slot),
                "holder", s(holder),
                "claimedAt", millis(clock.instant()),
                TableSchemas.TTL_ATTRIBUTE, n(clock.instant().plus(SLOT_RETENTION).getEpochSecond()));
        if (expectedHolder == null) {
            return table.putIfAbsent(item, TableSchemas.REQUEST_KEY);
        }
        try {
            table.client().putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("#holder = :expected")
                    .expressionAttributeNames(Map.of("#holder", "holder"))
                    .expressionAttributeValues(Map.of(":expected", s(expectedHolder))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Optional<Slot> readSlot(String slot) {
        return table.read(Map.of(TableSchemas.REQUEST_KEY, s(slot)))
                .map(item -> new Slot(string(item, "holder"), instant(item, "claimedAt")));
    }
}
