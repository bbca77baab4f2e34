package io.egressallowlist.emulators.dynalite;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Documents what dynalite 4.0.0 does not implement. The design does not depend on any of it (no
 * transactions, TTL configured by CDK only, no PartiQL, conditional-write failures re-read the item).
 * If one of these tests fails after a dynalite upgrade, the gap has closed: update this class and the
 * README's note on dynalite.
 */
@ExtendWith(DynaliteExtension.class)
class DynaliteGapsTest {

    private DynamoDbClient dynamo;
    private String table;

    @BeforeEach
    void createTable(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.table = DynaliteExtension.uniqueName("gaps");
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    }

    @Test
    void transactWriteItemsIsNotImplemented() {
        DynamoDbException error = catchThrowableOfType(DynamoDbException.class, () -> dynamo.transactWriteItems(b -> b
                .transactItems(TransactWriteItem.builder()
                        .put(Put.builder().tableName(table).item(Map.of("pk", AttributeValue.fromS("a"))).build())
                        .build())));

        assertUnknownOperation(error);
        assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("a")))).hasItem())
                .as("nothing may be written by an unsupported transaction").isFalse();
    }

    @Test
    void transactGetItemsIsNotImplemented() {
        DynamoDbException error = catchThrowableOfType(DynamoDbException.class, () -> dynamo.transactGetItems(b -> b
                .transactItems(t -> t.get(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("a")))))));

        assertUnknownOperation(error);
    }

    @Test
    void updateTimeToLiveIsNotImplemented() {
        DynamoDbException error = catchThrowableOfType(DynamoDbException.class, () -> dynamo.updateTimeToLive(b -> b
                .tableName(table).timeToLiveSpecification(s -> s.attributeName("expiresAt").enabled(true))));

        assertUnknownOperation(error);
    }

    @Test
    void partiQlIsNotImplemented() {
        DynamoDbException error = catchThrowableOfType(DynamoDbException.class, () -> dynamo.executeStatement(b -> b
                .statement("SELECT * FROM \"" + table + "\"")));

        assertUnknownOperation(error);
    }

    @Test
    void conditionCheckFailureDoesNotReturnTheCurrentItem() {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"), "status", AttributeValue.fromS("PENDING"));
        dynamo.putItem(b -> b.tableName(table).item(item));

        ConditionalCheckFailedException error = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        assertThat(error).isNotNull();
        assertThat(error.hasItem()).as("DynamoDB would return the current item here; dynalite does not").isFalse();
    }

    private static void assertUnknownOperation(DynamoDbException error) {
        assertThat(error).as("the operation should be refused by dynalite").isNotNull();
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
    }
}
