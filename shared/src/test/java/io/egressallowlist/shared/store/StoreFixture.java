package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Fresh tables per test on the shared dynalite. */
final class StoreFixture {

    final TableNames tables;
    final DynamoRequestStore requests;
    final DynamoVersionLog versions;
    final DynamoAuditTrail audit;

    StoreFixture(DynamoDbClient dynamo) {
        this.tables = TableNames.withPrefix(DynaliteExtension.uniqueName("t"));
        TableSchemas.createAll(dynamo, tables);
        this.requests = new DynamoRequestStore(dynamo, tables.requests());
        this.versions = new DynamoVersionLog(dynamo, tables.versions(), "allowlist");
        this.audit = new DynamoAuditTrail(dynamo, tables.audit());
    }
}
