package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.Requester;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Fresh tables per test on the shared dynalite, plus request factories. */
final class StoreFixture {

    private static final AtomicLong SEQUENCE = new AtomicLong();

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

    /** Ids that sort by creation, like the ULIDs production uses. */
    static RequestId nextId() {
        return new RequestId(String.format("01TEST%020d", SEQUENCE.incrementAndGet()));
    }

    static AllowlistRequest pending(String target, String principal, Instant now) {
        return AllowlistRequest.newDomainRequest(nextId(), new FirewallTarget(target), Requester.of(principal),
                "needed for work", Duration.ofDays(30), now, Duration.ofDays(7), false, null);
    }
}
