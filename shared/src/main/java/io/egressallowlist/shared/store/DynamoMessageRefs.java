package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.notify.MessageRef;
import io.egressallowlist.shared.notify.MessageRefs;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;

/**
 * Where each request's card was posted ({@link MessageRefs}), so that any function can later update it with
 * Slack's {@code chat.update} (which needs the channel and the message {@code ts}).
 *
 * <p>Kept as one small item per request in the requests table, under the key {@code slack#<request id>},
 * beside the store's own {@code open#…} and {@code idem#…} items, rather than as an attribute of the
 * request: the request record stays free of Slack, and nothing of the request store changes. The item has
 * no {@code status}, {@code entity} or {@code target}, so no index of the table sees it and
 * {@code RequestRepository.find} ignores it. It is written once ({@code attribute_not_exists}): a retried
 * notification that finds it updates the card instead of posting a second one. It carries the table's
 * {@code ttl} attribute, set well beyond any request's life.
 */
public final class DynamoMessageRefs implements MessageRefs {

    private static final String PREFIX = "slack#";
    private static final String REMINDER_PREFIX = "slack-reminder#";
    private static final Duration RETENTION = Duration.ofDays(400);

    private final DynamoTable table;
    private final Clock clock;

    public DynamoMessageRefs(DynamoDbClient dynamo, String requestsTable, Clock clock) {
        this.table = new DynamoTable(dynamo, requestsTable);
        this.clock = clock;
    }

    @Override
    public Optional<MessageRef> card(RequestId requestId) {
        return table.read(Map.of(TableSchemas.REQUEST_KEY, s(PREFIX + requestId.value())))
                .filter(item -> item.containsKey("channel") && item.containsKey("ts"))
                .map(item -> new MessageRef(string(item, "channel"), string(item, "ts")));
    }

    @Override
    public Optional<MessageRef> reminder(RequestId requestId) {
        return table.read(Map.of(TableSchemas.REQUEST_KEY, s(REMINDER_PREFIX + requestId.value())))
                .filter(item -> item.containsKey("channel") && item.containsKey("ts"))
                .map(item -> new MessageRef(string(item, "channel"), string(item, "ts")));
    }

    /** An unconditional put: the latest reminder replaces the one before. */
    @Override
    public void saveReminder(RequestId requestId, MessageRef reminder) {
        table.client().putItem(b -> b.tableName(table.name()).item(Map.of(
                TableSchemas.REQUEST_KEY, s(REMINDER_PREFIX + requestId.value()),
                "channel", s(reminder.channel()),
                "ts", s(reminder.ts()),
                TableSchemas.TTL_ATTRIBUTE, n(clock.instant().plus(RETENTION).getEpochSecond()))));
    }

    @Override
    public boolean saveCard(RequestId requestId, MessageRef card) {
        return table.putIfAbsent(Map.of(
                TableSchemas.REQUEST_KEY, s(PREFIX + requestId.value()),
                "channel", s(card.channel()),
                "ts", s(card.ts()),
                TableSchemas.TTL_ATTRIBUTE, n(clock.instant().plus(RETENTION).getEpochSecond())),
                TableSchemas.REQUEST_KEY);
    }
}
