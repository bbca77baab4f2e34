package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.s;

/**
 * The API callers seen at each source address, in the blocked table: {@code pk = src#<address>},
 * {@code sk = <seen at, epoch millis, 13 digits>#<domain id>#<user profile>}, with {@code seenAt} and
 * {@code expiresAt}. A binding is one put (the same caller at the same millisecond is the same item); the bindings
 * seen within a time range are one query on the sort key's range.
 */
public final class DynamoSourceBindings implements SourceBindings {

    private final DynamoTable table;

    public DynamoSourceBindings(DynamoDbClient dynamo, String tableName) {
        this.table = new DynamoTable(dynamo, tableName);
    }

    @Override
    public void bind(Binding binding, Instant expiresAt) {
        table.client().putItem(b -> b.tableName(table.name()).item(Map.of(
                TableSchemas.BLOCKED_KEY, s(partition(binding.address())),
                TableSchemas.BLOCKED_SORT_KEY, s(time(binding.seenAt()) + "#" + binding.domainId() + "#"
                        + binding.userProfileName()),
                "seenAt", millis(binding.seenAt()),
                TableSchemas.BLOCKED_TTL_ATTRIBUTE, n(expiresAt.getEpochSecond()))));
    }

    @Override
    public List<Binding> seenBetween(SourceAddress address, Instant from, Instant to) {
        List<Map<String, AttributeValue>> items = table.queryAll(table.query()
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", TableSchemas.BLOCKED_KEY, "#sk", TableSchemas.BLOCKED_SORT_KEY))
                .expressionAttributeValues(Map.of(":pk", s(partition(address)),
                        ":from", s(time(from)), ":to", s(time(to) + "#~")))
                .consistentRead(true));
        List<Binding> bindings = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String[] parts = Attributes.string(item, TableSchemas.BLOCKED_SORT_KEY).split("#", 3);
            try {
                bindings.add(new Binding(address, parts[1], parts[2], Attributes.instant(item, "seenAt")));
            } catch (RuntimeException unreadable) {
                continue;
            }
        }
        return bindings;
    }

    private static String partition(SourceAddress address) {
        return "src#" + address.value();
    }

    private static String time(Instant instant) {
        return String.format("%013d", Math.max(0, instant.toEpochMilli()));
    }
}
