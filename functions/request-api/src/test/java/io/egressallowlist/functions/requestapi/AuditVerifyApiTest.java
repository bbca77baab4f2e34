package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.RequestId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.egressallowlist.functions.requestapi.ApiFixture.ACCOUNT;
import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /audit/verify} over the audit table on dynalite: approvers and operators verify the chain page by page,
 * an approver's name changed in the table is named, anyone else is refused, bad parameters are 400s.
 */
@ExtendWith(DynaliteExtension.class)
class AuditVerifyApiTest {

    static final String APPROVER = "arn:aws:iam::" + ACCOUNT + ":user/approver";
    static final String OPERATOR_SESSION = "arn:aws:sts::" + ACCOUNT + ":assumed-role/EgressOperator/oncall";
    static final Set<String> MEMBERS = Set.of("status", "checked", "headSeq", "through", "problem", "next",
            "beforeChain");
    static final RequestId R1 = new RequestId("01TEST0000000000000000A00A");

    private ApiFixture api;
    private DynamoDbClient dynamo;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        api = new ApiFixture(dynalite, dynamo).withBaseline();
        api.env.identityLinks(Map.of(SageMakerSamples.DATA_SCIENTIST, "U0ALICE001", OPERATOR, "U0OPER0001",
                APPROVER, "U0APPROVE1"));
        api.env.operatorPrincipals(List.of("arn:aws:iam::" + ACCOUNT + ":role/EgressOperator"));
        for (int i = 1; i <= 5; i++) {
            api.audit.record(new AuditEvent(R1 + ":STEP" + i, Instant.now(), "slack:U0APPROVE1", "REQUEST_APPROVED",
                    Channel.SLACK, null, R1, null, Map.of("approvals", Integer.toString(i))));
        }
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private Response verify(String principal, String... query) {
        Call call = Call.get("/audit/verify").as(principal);
        for (int i = 0; i < query.length; i += 2) {
            call.query(query[i], query[i + 1]);
        }
        return api.call(call);
    }

    @Test
    void anApproverFindsTheChainIntact() {
        Response response = verify(APPROVER);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(MEMBERS);
        assertThat(body.path("status").asText()).isEqualTo("intact");
        assertThat(body.path("checked").asLong()).isEqualTo(5);
        assertThat(body.path("headSeq").asLong()).isEqualTo(5);
        assertThat(body.path("through").path("seq").asLong()).isEqualTo(5);
        assertThat(body.path("through").path("hash").asText()).matches("[0-9a-f]{64}");
        assertThat(body.path("problem").isNull()).isTrue();
        assertThat(body.path("next").isNull()).isTrue();
        assertThat(body.path("beforeChain").asLong()).isZero();
    }

    @Test
    void anOperatorWalksTheChainPageByPage() {
        Response first = verify(OPERATOR_SESSION, "limit", "2");
        Response second = verify(OPERATOR_SESSION, "after", first.json().path("next").asText(), "limit", "2");

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("next").asLong()).isEqualTo(2);
        assertThat(second.json().path("next").asLong()).isEqualTo(4);
        assertThat(second.json().path("beforeChain").isNull()).isTrue();
        assertThat(verify(OPERATOR_SESSION, "after", "4").json().path("next").isNull()).isTrue();
    }

    @Test
    void anApproversNameChangedInTheTableIsNamed() {
        dynamo.updateItem(b -> b.tableName(api.tables.audit())
                .key(Map.of("subject", AttributeValue.fromS("request#" + R1.value()),
                        "eventId", AttributeValue.fromS(R1 + ":STEP3")))
                .updateExpression("SET actor = :actor")
                .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("slack:U0SOMEONE"))));

        JsonNode body = verify(APPROVER).json();

        assertThat(body.path("status").asText()).isEqualTo("broken");
        assertThat(body.path("problem").path("kind").asText()).isEqualTo("EDITED");
        assertThat(body.path("problem").path("seq").asLong()).isEqualTo(3);
        assertThat(body.path("problem").path("eventId").asText()).isEqualTo(R1 + ":STEP3");
        assertThat(body.path("problem").path("subject").asText()).isEqualTo("request#" + R1.value());
        assertThat(body.path("through").path("seq").asLong()).isEqualTo(2);
        assertThat(body.path("next").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"a Studio user who is no approver, ALICE", "a user linked to a Slack user who is no approver, OPERATOR"})
    void anyoneElseIsRefused(String who, String caller) {
        Response response = verify(caller.equals("ALICE") ? ALICE : OPERATOR);

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.json().path("reason").asText()).isEqualTo("NOT_AN_APPROVER");
        assertThat(response.json().has("checked")).isFalse();
        assertThat(verify(caller.equals("ALICE") ? ALICE : OPERATOR, "limit", "0").status())
                .as("refused before its parameters are read").isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"after, -1", "after, x", "after, 6", "limit, 0", "limit, 5001", "limit, ten", "unknown, 1"})
    void badParametersAre400sNamingThem(String name, String value) {
        Response response = verify(APPROVER, name, value);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo(name);
    }
}
