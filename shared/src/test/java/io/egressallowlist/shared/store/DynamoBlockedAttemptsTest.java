package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedAttemptsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.ZoneOffset;

/** The blocked attempts contract on dynalite. */
@ExtendWith(DynaliteExtension.class)
class DynamoBlockedAttemptsTest extends BlockedAttemptsContract {

    private DynamoBlockedAttempts store;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        StoreFixture fixture = new StoreFixture(dynamo);
        store = new DynamoBlockedAttempts(dynamo, fixture.tables.blocked(),
                Clock.fixed(HOUR.plusSeconds(3 * 3_600), ZoneOffset.UTC));
    }

    @Override
    protected BlockedAttempts newStore() {
        return store;
    }
}
