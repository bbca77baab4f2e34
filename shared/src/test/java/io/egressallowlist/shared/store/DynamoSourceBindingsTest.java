package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.domain.SourceBindingsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The source bindings contract on dynalite. */
@ExtendWith(DynaliteExtension.class)
class DynamoSourceBindingsTest extends SourceBindingsContract {

    private DynamoDbClient dynamo;
    private StoreFixture fixture;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.fixture = new StoreFixture(dynamo);
    }

    @Override
    protected SourceBindings newBindings() {
        return new DynamoSourceBindings(dynamo, fixture.tables.blocked());
    }
}
