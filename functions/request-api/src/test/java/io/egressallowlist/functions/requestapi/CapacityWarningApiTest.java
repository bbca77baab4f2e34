package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The submit answer's {@code warnings} when the allow-list is full or nearly so. The applied list holds 3 entries;
 * the rule group's capacity is set as the stack sets it ({@code RULE_GROUP_CAPACITY}, both target types).
 */
@ExtendWith(DynaliteExtension.class)
class CapacityWarningApiTest {

    private ApiFixture api;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        api = new ApiFixture(dynalite, dynamo).withBaseline();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private Response submit(String domain) {
        return api.call(Call.post("/requests").as(ALICE)
                .json("{\"domain\":\"" + domain + "\",\"justification\":\"model weights\"}"));
    }

    @Test
    void aNearlyFullListWarnsWithTheEntriesLeftAndStillStoresTheRequest() {
        api.env.ruleGroupCapacity(16); // 7 entries: 3 applied, 4 left

        Response response = submit("huggingface.co");

        assertThat(response.status()).isEqualTo(201);
        JsonNode warning = response.json().get("warnings").get(0);
        assertThat(warning.get("code").asText()).isEqualTo("CAPACITY_LOW");
        assertThat(warning.get("remaining").asInt()).isEqualTo(4);
        assertThat(warning.get("message").asText()).contains("4 of 7 entries left");
        assertThat(api.storedRequests()).hasSize(1);
    }

    @Test
    void approvedRequestsNotYetAppliedCountAsTaken() {
        api.env.ruleGroupCapacity(10); // 4 entries: 3 applied, and the pre-approved one below
        assertThat(submit("files.pypi.org").json().get("warnings").get(0).get("remaining").asInt()).isZero();

        Response next = submit("huggingface.co");

        assertThat(next.json().get("warnings").get(0).get("code").asText()).isEqualTo("LIST_FULL");
        assertThat(next.json().get("warnings").get(0).get("message").asText()).contains("waits until entries are removed");
    }

    @Test
    void withRoomOrWithoutAConfiguredCapacityThereIsNoWarning() {
        assertThat(submit("huggingface.co").json().get("warnings")).isEmpty();
    }

    @Test
    void anOpenRequestForTheSameTargetCarriesNoWarning() {
        api.env.ruleGroupCapacity(16);
        submit("huggingface.co");

        Response existing = submit("huggingface.co");

        assertThat(existing.json().get("outcome").asText()).isEqualTo("EXISTING");
        assertThat(existing.json().get("warnings")).isEmpty();
    }
}
