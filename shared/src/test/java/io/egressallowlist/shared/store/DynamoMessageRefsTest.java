package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.notify.MessageRef;
import io.egressallowlist.shared.notify.MessageRefs;
import io.egressallowlist.shared.notify.MessageRefsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The message refs contract on dynalite, and what only the table shows: one {@code slack#<request id>} item per
 * request in the requests table, which the request store never sees.
 */
@ExtendWith(DynaliteExtension.class)
class DynamoMessageRefsTest extends MessageRefsContract {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final MessageRef CARD = new MessageRef("C0APPROVALS1", "1700000000.000100");

    private DynamoDbClient dynamo;
    private StoreFixture store;
    private DynamoMessageRefs cards;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        store = new StoreFixture(dynamo);
        cards = new DynamoMessageRefs(dynamo, store.tables.requests(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Override
    protected MessageRefs newRefs() {
        return cards;
    }

    @Test
    void theItemKeepsItsLayoutKeyChannelTsAndTtl() {
        RequestId id = StoreFixture.nextId();
        cards.saveCard(id, CARD);

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(store.tables.requests())
                .key(Map.of("id", AttributeValue.fromS("slack#" + id.value())))).item();

        assertThat(item).containsOnlyKeys("id", "channel", "ts", "ttl");
        assertThat(item.get("channel").s()).isEqualTo(CARD.channel());
        assertThat(item.get("ts").s()).isEqualTo(CARD.ts());
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(NOW.plus(Duration.ofDays(400)).getEpochSecond()));
    }

    @Test
    void aCardRecordedBeforeIsRead() {
        RequestId id = StoreFixture.nextId();
        dynamo.putItem(b -> b.tableName(store.tables.requests()).item(Map.of(
                "id", AttributeValue.fromS("slack#" + id.value()),
                "channel", AttributeValue.fromS("C0OLDCHANNEL"),
                "ts", AttributeValue.fromS("1600000000.000001"),
                "ttl", AttributeValue.fromN("1900000000"))));

        assertThat(cards.card(id)).contains(new MessageRef("C0OLDCHANNEL", "1600000000.000001"));
    }

    @Test
    void theRequestStoreDoesNotSeeTheCardItem() {
        AllowlistRequest request = StoreFixture.pending("huggingface.co", "slack:U0ALICE0001", NOW);
        store.requests.create(request);
        cards.saveCard(request.id(), CARD);

        assertThat(store.requests.find(request.id())).contains(request);
        assertThat(store.requests.listAll("slack:U0ALICE0001", 10, null).items()).containsExactly(request);
    }

    /** The card a notifier records beside a pending request: no listing of any status shows it. */
    @Test
    void theCardRecordIsInvisibleToTheRequestStore() {
        AllowlistRequest request = StoreFixture.pending("huggingface.co", "slack:U0ALICE0001", NOW);
        store.requests.create(request);
        cards.saveCard(request.id(), CARD);

        assertThat(store.requests.listAll(null, 10, null).items()).extracting(AllowlistRequest::id)
                .containsExactly(request.id());
        assertThat(store.requests.list(RequestStatus.PENDING, null, 10, null).items()).hasSize(1);
        assertThatThrownBy(() -> new RequestId("slack#" + request.id())).as("the port cannot name a card record")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
