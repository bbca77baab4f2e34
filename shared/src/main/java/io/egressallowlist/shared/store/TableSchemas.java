package io.egressallowlist.shared.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The key schema and indexes of the three tables, in one place. The CDK stack declares the same
 * schema for AWS (with PITR, encryption and TTL, which are deployment concerns); tests and the local
 * sandbox create the tables with {@link #createAll}.
 */
public final class TableSchemas {

    /** Requests: partition key. Request items use the request id; slot items {@code open#…} and {@code idem#…}. */
    public static final String REQUEST_KEY = "id";
    /** Requests by status, oldest first (pending queue, cleanup scans). */
    public static final String BY_STATUS = "by-status";
    /** Every request, by id (ids sort by creation time). */
    public static final String BY_ENTITY = "by-entity";
    /** Requests by target (history of a target; active grants of a target). */
    public static final String BY_TARGET = "by-target";
    /** Sparse: requests whose intent is not yet reflected in an applied version, in decision order. */
    public static final String BY_INTENT = "by-intent";
    /** Slot and idempotency items carry this epoch-seconds attribute; the TTL is enabled by CDK. */
    public static final String TTL_ATTRIBUTE = "ttl";

    /** Versions: partition key = the log name (one log per rule group), sort key = version number. */
    public static final String VERSION_LOG_KEY = "log";
    public static final String VERSION_NUMBER_KEY = "version";

    /** Audit: partition key = subject ({@code request#…}, {@code version#…}, {@code system}), sort key = event id. */
    public static final String AUDIT_SUBJECT_KEY = "subject";
    public static final String AUDIT_EVENT_KEY = "eventId";
    /** Audit events by UTC day, ordered by time. */
    public static final String AUDIT_BY_DAY = "by-day";

    private TableSchemas() {
    }

    /** Creates the three tables (on-demand). Tables that already exist are left as they are. */
    public static void createAll(DynamoDbClient dynamo, TableNames names) {
        create(dynamo, requestsTable(names.requests()));
        create(dynamo, versionsTable(names.versions()));
        create(dynamo, auditTable(names.audit()));
    }

    public static CreateTableRequest requestsTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(REQUEST_KEY, ScalarAttributeType.S),
                        attribute("status", ScalarAttributeType.S),
                        attribute("createdAt", ScalarAttributeType.N),
                        attribute("entity", ScalarAttributeType.S),
                        attribute("target", ScalarAttributeType.S),
                        attribute("intentQueue", ScalarAttributeType.S),
                        attribute("intentAt", ScalarAttributeType.N))
                .keySchema(hash(REQUEST_KEY))
                .globalSecondaryIndexes(
                        index(BY_STATUS, "status", "createdAt"),
                        index(BY_ENTITY, "entity", REQUEST_KEY),
                        index(BY_TARGET, "target", "createdAt"),
                        index(BY_INTENT, "intentQueue", "intentAt"))
                .build();
    }

    public static CreateTableRequest versionsTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(VERSION_LOG_KEY, ScalarAttributeType.S),
                        attribute(VERSION_NUMBER_KEY, ScalarAttributeType.N))
                .keySchema(hash(VERSION_LOG_KEY), range(VERSION_NUMBER_KEY))
                .build();
    }

    public static CreateTableRequest auditTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(AUDIT_SUBJECT_KEY, ScalarAttributeType.S),
                        attribute(AUDIT_EVENT_KEY, ScalarAttributeType.S),
                        attribute("day", ScalarAttributeType.S),
                        attribute("timeKey", ScalarAttributeType.S))
                .keySchema(hash(AUDIT_SUBJECT_KEY), range(AUDIT_EVENT_KEY))
                .globalSecondaryIndexes(index(AUDIT_BY_DAY, "day", "timeKey"))
                .build();
    }

    private static void create(DynamoDbClient dynamo, CreateTableRequest request) {
        try {
            dynamo.createTable(request);
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        // The SDK's default waiter polls every 20 s; a local table is ACTIVE within milliseconds.
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo)
                .overrideConfiguration(o -> o.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(25)))
                        .maxAttempts(2_400))
                .build()) {
            waiter.waitUntilTableExists(b -> b.tableName(request.tableName()));
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    private static GlobalSecondaryIndex index(String name, String hashKey, String rangeKey) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(hash(hashKey));
        keys.add(range(rangeKey));
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(keys)
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
