package io.egressallowlist.infra.controlplane;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.constructs.Construct;

/**
 * The requests, versions, audit and blocked-attempts tables, declared from {@link TableSchemas} (the same definitions the
 * tests and the sandbox create), so keys and indexes cannot drift from what the code queries.
 * Deployment concerns are added here: on-demand billing, point-in-time recovery, deletion protection,
 * retention on stack deletion, encryption and the TTL of the requests table's slot items.
 */
public final class Tables extends Construct {

    private final TableV2 requests;
    private final TableV2 versions;
    private final TableV2 audit;
    private final TableV2 blocked;

    public Tables(Construct scope, String id) {
        super(scope, id);
        requests = table("Requests", TableSchemas.requestsTable("requests"), TableSchemas.TTL_ATTRIBUTE);
        versions = table("Versions", TableSchemas.versionsTable("versions"), null);
        audit = table("Audit", TableSchemas.auditTable("audit"), null);
        blocked = table("Blocked", TableSchemas.blockedTable("blocked"), TableSchemas.BLOCKED_TTL_ATTRIBUTE);
    }

    private TableV2 table(String id, CreateTableRequest schema, String ttlAttribute) {
        Map<String, AttributeDefinition> attributes = schema.attributeDefinitions().stream()
                .collect(Collectors.toMap(AttributeDefinition::attributeName, a -> a));
        TableV2.Builder table = TableV2.Builder.create(this, id)
                .partitionKey(attribute(attributes, key(schema.keySchema(), KeyType.HASH)))
                .billing(Billing.onDemand())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                // The AWS-managed key: no key policy for every reader and writer to keep in step, and
                // access stays decided by IAM on the table alone.
                .encryption(TableEncryptionV2.awsManagedKey())
                .globalSecondaryIndexes(schema.globalSecondaryIndexes().stream()
                        .map(index -> index(attributes, index))
                        .toList());
        String sortKey = key(schema.keySchema(), KeyType.RANGE);
        if (sortKey != null) {
            table.sortKey(attribute(attributes, sortKey));
        }
        if (ttlAttribute != null) {
            table.timeToLiveAttribute(ttlAttribute);
        }
        return table.build();
    }

    private static GlobalSecondaryIndexPropsV2 index(Map<String, AttributeDefinition> attributes,
                                                     GlobalSecondaryIndex index) {
        GlobalSecondaryIndexPropsV2.Builder props = GlobalSecondaryIndexPropsV2.builder()
                .indexName(index.indexName())
                .partitionKey(attribute(attributes, key(index.keySchema(), KeyType.HASH)))
                .projectionType(ProjectionType.valueOf(index.projection().projectionTypeAsString()));
        String sortKey = key(index.keySchema(), KeyType.RANGE);
        if (sortKey != null) {
            props.sortKey(attribute(attributes, sortKey));
        }
        return props.build();
    }

    private static String key(List<KeySchemaElement> keys, KeyType type) {
        return keys.stream().filter(k -> k.keyType() == type).map(KeySchemaElement::attributeName)
                .findFirst().orElse(null);
    }

    private static Attribute attribute(Map<String, AttributeDefinition> attributes, String name) {
        AttributeDefinition definition = attributes.get(name);
        return Attribute.builder()
                .name(name)
                .type(AttributeType.valueOf(switch (definition.attributeType()) {
                    case S -> "STRING";
                    case N -> "NUMBER";
                    case B -> "BINARY";
                    default -> throw new IllegalArgumentException("Unknown attribute type of " + name);
                }))
                .build();
    }

    public TableV2 requests() {
        return requests;
    }

    public TableV2 versions() {
        return versions;
    }

    public TableV2 audit() {
        return audit;
    }

    public TableV2 blocked() {
        return blocked;
    }
}
