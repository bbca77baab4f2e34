package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestRepository.CreateResult;
import io.egressallowlist.shared.domain.RequestRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The request store contract on dynalite, and what only the DynamoDB items show. */
@ExtendWith(DynaliteExtension.class)
class DynamoRequestStoreTest extends RequestRepositoryContract {

    private DynamoDbClient dynamo;
    private StoreFixture fixture;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.fixture = new StoreFixture(dynamo);
    }

    @Override
    protected RequestRepository newStore() {
        return fixture.requests;
    }

    @Override
    protected RequestRepository newStore(Clock clock) {
        return new DynamoRequestStore(dynamo, fixture.tables.requests(), clock);
    }

    @Test
    void aSlotLeftBehindByACrashIsTakenOver() {
        // A crash between claiming the slot and storing the request leaves a slot whose holder does not exist.
        dynamo.putItem(b -> b.tableName(fixture.tables.requests()).item(Map.of(
                "id", AttributeValue.fromS("open#example.net"), "holder", AttributeValue.fromS("01NEVERSTORED"),
                "claimedAt", AttributeValue.fromN(Long.toString(Instant.now().minusSeconds(120).toEpochMilli())))));

        assertThat(store().create(pending("example.net", ALICE, NOW))).isInstanceOf(CreateResult.Created.class);
    }
}
