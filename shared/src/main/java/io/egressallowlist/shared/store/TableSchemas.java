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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key schema and indexes of the four tables, in one place. The CDK stack declares the same
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
    /** Chained audit events by place: partition {@code chainPage} (place / 1000), sort key {@code chainSeq}. */
    public static final String AUDIT_BY_CHAIN = "by-chain";

    /**
     * Blocked attempts: partition key {@code pk}, sort key {@code sk}. Three kinds of item share the table
     * (see {@code DynamoBlockedAttempts}): attempts ({@code who#<subject>}, {@code <hour>#<domain>#<source>}),
     * the digest state of a subject ({@code digest#<subject>}, {@code state}) and the API callers seen at a
     * source address ({@code src#<address>}, {@code <epoch millis>#<principal>}).
     */
    public static final String BLOCKED_KEY = "pk";
    public static final String BLOCKED_SORT_KEY = "sk";
    /** Sparse: attempts by the UTC day of their hour, ordered by the hour's start (epoch millis). */
    public static final String BLOCKED_BY_DAY = "by-day";
    /** Every item of the blocked table carries this epoch-seconds attribute; the TTL is enabled by CDK. */
    public static final String BLOCKED_TTL_ATTRIBUTE = "expiresAt";

    private TableSchemas() {
    }

    /** Creates the four tables (on-demand). Tables that already exist are left as they are. */
    public static void createAll(DynamoDbClient dynamo, TableNames names) {
        create(dynamo, requestsTable(names.requests()));
        create(dynamo, versionsTable(names.versions()));
        create(dynamo, auditTable(names.audit()));
        create(dynamo, blockedTable(names.blocked()));
    }

    public static CreateTableRequest requestsTable(String name) {
        Key id = s(REQUEST_KEY);
        Key createdAt = n("createdAt");
        return onDemand(name, List.of(id),
                new Index(BY_STATUS, s("status"), createdAt),
                new Index(BY_ENTITY, s("entity"), id),
                new Index(BY_TARGET, s("target"), createdAt),
                new Index(BY_INTENT, s("intentQueue"), n("intentAt")));
    }

    public static CreateTableRequest versionsTable(String name) {
        return onDemand(name, List.of(s(VERSION_LOG_KEY), n(VERSION_NUMBER_KEY)));
    }

    public static CreateTableRequest auditTable(String name) {
        return onDemand(name, List.of(s(AUDIT_SUBJECT_KEY), s(AUDIT_EVENT_KEY)),
                new Index(AUDIT_BY_DAY, s("day"), s("timeKey")),
                new Index(AUDIT_BY_CHAIN, s("chainPage"), n("chainSeq")));
    }

    public static CreateTableRequest blockedTable(String name) {
        return onDemand(name, List.of(s(BLOCKED_KEY), s(BLOCKED_SORT_KEY)),
                new Index(BLOCKED_BY_DAY, s("day"), n("hour")));
    }

    /** A key attribute and its type. */
    private record Key(String name, ScalarAttributeType type) {
        AttributeDefinition definition() {
            return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
        }
    }

    /** A global secondary index projecting every attribute. */
    private record Index(String name, Key hash, Key range) {
        GlobalSecondaryIndex definition() {
            return GlobalSecondaryIndex.builder()
                    .indexName(name)
                    .keySchema(keySchema(List.of(hash, range)))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build();
        }
    }

    private static Key s(String name) {
        return new Key(name, ScalarAttributeType.S);
    }

    private static Key n(String name) {
        return new Key(name, ScalarAttributeType.N);
    }

    /**
     * An on-demand table with the primary key {@code key} (hash, then range if any) and {@code indexes}. Its
     * attribute definitions are the key attributes of the table and of its indexes, each once: CreateTable
     * rejects a definition that no key schema uses.
     */
    private static CreateTableRequest onDemand(String name, List<Key> key, Index... indexes) {
        Map<String, Key> attributes = new LinkedHashMap<>();
        key.forEach(k -> attributes.putIfAbsent(k.name(), k));
        for (Index index : indexes) {
            attributes.putIfAbsent(index.hash().name(), index.hash());
            attributes.putIfAbsent(index.range().name(), index.range());
        }
        CreateTableRequest.Builder table = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes.values().stream().map(Key::definition).toList())
                .keySchema(keySchema(key));
        if (indexes.length > 0) {
            table.globalSecondaryIndexes(Arrays.stream(indexes).map(Index::definition).toList());
        }
        return table.build();
    }

    private static List<KeySchemaElement> keySchema(List<Key> key) {
        List<KeySchemaElement> elements = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            elements.add(KeySchemaElement.builder().attributeName(key.get(i).name())
                    .keyType(i == 0 ? KeyType.HASH : KeyType.RANGE).build());
        }
        return elements;
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
}
