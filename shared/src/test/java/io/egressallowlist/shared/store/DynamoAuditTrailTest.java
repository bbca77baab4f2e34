package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.AuditTrailContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The audit trail contract on dynalite. */
@ExtendWith(DynaliteExtension.class)
class DynamoAuditTrailTest extends AuditTrailContract {

    private DynamoAuditTrail audit;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        audit = new StoreFixture(dynamo).audit;
    }

    @Override
    protected AuditTrail newTrail() {
        return audit;
    }
}
