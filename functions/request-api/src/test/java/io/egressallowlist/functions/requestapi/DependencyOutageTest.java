package io.egressallowlist.functions.requestapi;

import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.faults.TcpProxy;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB or EventBridge unreachable: the caller gets a clear 503 with Retry-After, nothing is half
 * written, and the API works again once the dependency is back.
 */
@ExtendWith(DynaliteExtension.class)
class DependencyOutageTest {

    private ApiFixture api;
    private TcpProxy dynamoLink;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws IOException {
        api = new ApiFixture(dynalite, dynamo).withBaseline();
        dynamoLink = TcpProxy.start(dynalite.endpoint());
        api.env.set(EnvKey.ENDPOINT_DYNAMODB, dynamoLink.endpoint().toString());
    }

    @AfterEach
    void tearDown() {
        dynamoLink.close();
        api.close();
    }

    @Test
    void aDynamoDbOutageAnswers503AndNothingIsWrittenThenTheApiRecovers() throws IOException {
        Response before = api.call(Call.post("/requests").as(ApiFixture.ALICE)
                .json("{\"domain\":\"first.example.org\",\"justification\":\"before the outage\"}"));
        assertThat(before.status()).isEqualTo(201);

        dynamoLink.cut();
        Response during = api.call(Call.post("/requests").as(ApiFixture.ALICE)
                .json("{\"domain\":\"during.example.org\",\"justification\":\"while DynamoDB is down\"}"));
        Response readDuring = api.call(Call.get("/requests").as(ApiFixture.ALICE));

        assertThat(during.status()).isEqualTo(503);
        assertThat(during.header("Retry-After")).isNotBlank();
        assertThat(during.contentType()).startsWith("application/problem+json");
        assertThat(during.json().path("type").asText()).endsWith("temporarily-unavailable");
        assertThat(during.raw().getBody()).doesNotContain("Exception", "at software.", "arn:aws:dynamodb", api.tables.requests());
        assertThat(readDuring.status()).isEqualTo(503);

        dynamoLink.restore();
        assertThat(api.storedRequests()).extracting(r -> r.target().value()).containsExactly("first.example.org");
        Response after = api.call(Call.post("/requests").as(ApiFixture.ALICE)
                .json("{\"domain\":\"during.example.org\",\"justification\":\"retried after the outage\"}"));
        assertThat(after.status()).isEqualTo(201);
        assertThat(api.storedRequests()).hasSize(2);
    }

    @Test
    void anEventBridgeOutageAfterStoringStillAnswers201AndTheRequestIsKept() {
        api.aws.faults(EventBridgeEmulator.TARGET_PREFIX).internalErrorFraction(1.0);

        Response response = api.call(Call.post("/requests").as(ApiFixture.ALICE)
                .json("{\"domain\":\"kept.example.org\",\"justification\":\"bus is down\"}"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(api.storedRequests()).extracting(r -> r.target().value()).containsExactly("kept.example.org");
    }
}
