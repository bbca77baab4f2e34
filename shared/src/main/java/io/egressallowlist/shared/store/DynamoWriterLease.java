package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.WriterLease;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.number;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;

/**
 * The writer lease as one item of the versions table, beside the log it guards: partition {@code <log>#lease},
 * sort key 0, with {@code owner}, {@code until} (epoch millis) and {@code pending} (a counter that only grows).
 * Every operation is one conditional {@code UpdateItem} (aws-api-notes §7), so the functions need no action on
 * the table beyond those the log already uses; the item is never deleted, releasing removes the owner.
 *
 * <p>A run that finds the lease held adds 1 to {@code pending} on condition that it is still held; if it was
 * released in between, the run claims it instead. A release is conditional on {@code pending} being what the
 * holder last read, so a mark is either seen by the holder or refuses its release: no pending work is dropped.
 */
public final class DynamoWriterLease implements WriterLease {

    /** Both conditions can fail in turn only while the lease changes hands; a few rounds settle it. */
    private static final int MAX_CLAIM_ROUNDS = 8;

    private final DynamoTable table;
    private final Map<String, AttributeValue> key;

    public DynamoWriterLease(DynamoDbClient dynamo, String versionsTable, String log) {
        this.table = new DynamoTable(dynamo, versionsTable);
        this.key = Map.of(TableSchemas.VERSION_LOG_KEY, s(log + "#lease"), TableSchemas.VERSION_NUMBER_KEY, n(0));
    }

    @Override
    public Claim claim(String owner, Instant now, Instant until) {
        for (int round = 1; round <= MAX_CLAIM_ROUNDS; round++) {
            Optional<Map<String, AttributeValue>> taken = update(
                    "SET #owner = :me, #until = :until, #pending = if_not_exists(#pending, :zero)",
                    "attribute_not_exists(#owner) OR #until < :now OR #owner = :me",
                    Map.of(":me", s(owner), ":now", millis(now), ":until", millis(until), ":zero", n(0)));
            if (taken.isPresent()) {
                return new Acquired(held(taken.get()));
            }
            Optional<Map<String, AttributeValue>> marked = update("ADD #pending :one",
                    "attribute_exists(#owner) AND #until >= :now", Map.of(":now", millis(now), ":one", n(1)));
            if (marked.isPresent()) {
                return new Busy(string(marked.get(), "owner"), Instant.ofEpochMilli(number(marked.get(), "until")));
            }
        }
        throw new IllegalStateException("the writer lease kept changing hands during " + MAX_CLAIM_ROUNDS + " rounds");
    }

    @Override
    public Optional<Held> renew(Held held, Instant until) {
        return update("SET #until = :until", "#owner = :me", Map.of(":me", s(held.owner()), ":until", millis(until)))
                .map(DynamoWriterLease::held);
    }

    @Override
    public boolean release(Held held) {
        return update("REMOVE #owner, #until", "#owner = :me AND #pending = :seen",
                Map.of(":me", s(held.owner()), ":seen", n(held.pending()))).isPresent();
    }

    @Override
    public void abandon(Held held) {
        update("REMOVE #owner, #until", "#owner = :me", Map.of(":me", s(held.owner())));
    }

    /**
     * One conditional update of the lease item: the item after it, or empty when the condition failed. Only the
     * names the expressions use are declared (DynamoDB refuses unused ones).
     */
    private Optional<Map<String, AttributeValue>> update(String update, String condition,
                                                         Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        for (String name : List.of("owner", "until", "pending")) {
            if (update.contains("#" + name) || condition.contains("#" + name)) {
                names.put("#" + name, name);
            }
        }
        try {
            return Optional.of(table.client().updateItem(UpdateItemRequest.builder().tableName(table.name()).key(key)
                    .updateExpression(update).conditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW).build()).attributes());
        } catch (ConditionalCheckFailedException refused) {
            return Optional.empty();
        }
    }

    private static Held held(Map<String, AttributeValue> item) {
        return new Held(string(item, "owner"), number(item, "pending"), Instant.ofEpochMilli(number(item, "until")));
    }
}
