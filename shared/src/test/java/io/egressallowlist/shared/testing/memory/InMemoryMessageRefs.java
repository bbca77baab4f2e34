package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.notify.MessageRef;
import io.egressallowlist.shared.notify.MessageRefs;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where request cards were posted, in memory, with the semantics of {@code store.DynamoMessageRefs} (both run
 * {@code notify.MessageRefsContract}): a card is recorded once per request and the first one stays, as the
 * conditional put ({@code attribute_not_exists}) keeps it there; the latest renewal reminder replaces an earlier
 * one. Thread-safe.
 */
public final class InMemoryMessageRefs implements MessageRefs {

    private final Map<RequestId, MessageRef> cards = new ConcurrentHashMap<>();
    private final Map<RequestId, MessageRef> reminders = new ConcurrentHashMap<>();

    @Override
    public Optional<MessageRef> card(RequestId requestId) {
        return Optional.ofNullable(cards.get(requestId));
    }

    @Override
    public boolean saveCard(RequestId requestId, MessageRef card) {
        return cards.putIfAbsent(requestId, card) == null;
    }

    @Override
    public Optional<MessageRef> reminder(RequestId requestId) {
        return Optional.ofNullable(reminders.get(requestId));
    }

    @Override
    public void saveReminder(RequestId requestId, MessageRef reminder) {
        reminders.put(requestId, reminder);
    }
}
