package io.egressallowlist.shared.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One DynamoDB table as the adapters of this package use it: the client, the table's name, and the three
 * things every adapter does the same way — a strongly consistent read of one item, a put that never
 * overwrites, and a query that follows {@code LastEvaluatedKey} until the last page.
 */
record DynamoTable(DynamoDbClient client, String name) {

    /** A query on this table (or, with {@code indexName}, on one of its indexes). */
    QueryRequest.Builder query() {
        return QueryRequest.builder().tableName(name);
    }

    /** The item under {@code key}, read strongly consistent; empty when there is none. */
    Optional<Map<String, AttributeValue>> read(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(name).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * Puts {@code item} only if no item has its key yet ({@code attribute_not_exists} on the key attribute
     * {@code keyName}); false when one has, so a repeated write is recorded once.
     */
    boolean putIfAbsent(Map<String, AttributeValue> item, String keyName) {
        try {
            client.putItem(b -> b.tableName(name).item(item)
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", keyName)));
            return true;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return false;
        }
    }

    /** Every item the query matches, page after page. */
    List<Map<String, AttributeValue>> queryAll(QueryRequest.Builder query) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        firstMatching(query, item -> {
            items.add(item);
            return false;
        });
        return items;
    }

    /**
     * The first item, in the query's order, that passes {@code test}. Pages are read only until it is found.
     * A page can be empty while more follow (a limit or filter), so only a missing or empty
     * {@code LastEvaluatedKey} ends the query.
     */
    Optional<Map<String, AttributeValue>> firstMatching(QueryRequest.Builder query,
                                                        Predicate<Map<String, AttributeValue>> test) {
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = client.query(query.exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (test.test(item)) {
                    return Optional.of(item);
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.empty();
    }
}
