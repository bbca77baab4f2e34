package io.egressallowlist.functions.requestapi;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/** A deployment without a scopes file: one scope, default, read by everyone without naming it. */
@ExtendWith(DynaliteExtension.class)
class SingleScopeReadsTest {

    private ApiFixture api;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        api = new ApiFixture(dynalite, dynamo).withBaseline();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void readsWithoutScopeAreAboutDefault() {
        Response allowlist = api.call(Call.get("/allowlist").as(OPERATOR));
        Response versions = api.call(Call.get("/versions").as(OPERATOR));
        Response named = api.call(Call.get("/versions/1").as(OPERATOR).query("scope", "default"));

        assertThat(allowlist.json().get("scope").asText()).isEqualTo("default");
        assertThat(versions.json().get("items").get(0).get("scope").asText()).isEqualTo("default");
        assertThat(named.json().get("scope").asText()).isEqualTo("default");
        assertThat(named.json().get("mode").asText()).isEqualTo("enforce");
    }

    @Test
    void theOnlyScopeIsDefault() {
        Response response = api.call(Call.get("/scopes").as(OPERATOR));

        assertThat(response.json().get("callerScope").asText()).isEqualTo("default");
        assertThat(response.json().get("items")).hasSize(1);
        assertThat(response.json().get("items").get(0).get("name").asText()).isEqualTo("default");
        assertThat(response.json().get("items").get(0).get("headVersion").asLong()).isEqualTo(1);
    }

    @Test
    void theAuditTrailOfDefaultHoldsTheRecordsWrittenWithoutScope() {
        api.env.operatorPrincipals(java.util.List.of(OPERATOR));
        api.audit.record(new io.egressallowlist.shared.domain.AuditEvent("e-old", java.time.Instant.now().minusSeconds(5),
                "U0APPROVE1", "REQUEST_APPROVED", io.egressallowlist.shared.domain.Channel.SLACK, null, null, null,
                java.util.Map.of("target", "old.org")));

        Response response = api.call(Call.get("/audit").as(OPERATOR).query("scope", "default"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("items")).hasSize(1);
        assertThat(response.json().get("items").get(0).get("scope").asText()).isEqualTo("default");
    }

    @Test
    void anotherScopeDoesNotExist() {
        Response response = api.call(Call.get("/allowlist").as(OPERATOR).query("scope", "risk"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("reason").asText()).isEqualTo("UNKNOWN_SCOPE");
        assertThat(response.json().get("scopes").get(0).asText()).isEqualTo("default");
    }
}
