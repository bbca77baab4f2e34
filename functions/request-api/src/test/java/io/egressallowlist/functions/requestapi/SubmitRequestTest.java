package io.egressallowlist.functions.requestapi;

import io.egressallowlist.shared.config.EnvKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.Map;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.BOB;
import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DynaliteExtension.class)
class SubmitRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiFixture api;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        api = new ApiFixture(dynalite, dynamo).withBaseline();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private static Call submit(String principal, String body) {
        return Call.post("/requests").as(principal).json(body);
    }

    @Test
    void aValidRequestIsCreatedPendingWithALocationAndAnnounced() {
        Response response = api.call(submit(ALICE,
                "{\"domain\":\"HuggingFace.co\",\"justification\":\"model weights\",\"durationDays\":14}"));

        assertThat(response.status()).isEqualTo(201);
        JsonNode request = response.json().get("request");
        String id = request.get("id").asText();
        assertThat(response.json().get("outcome").asText()).isEqualTo("CREATED");
        assertThat(response.header("Location")).isEqualTo("/prod/requests/" + id);
        assertThat(request.get("target").asText()).isEqualTo("huggingface.co");
        assertThat(request.get("status").asText()).isEqualTo("PENDING");
        assertThat(request.get("grantDuration").asText()).isEqualTo("P14D");
        assertThat(api.requests.find(new RequestId(id))).get().extracting(AllowlistRequest::grantDuration).isEqualTo(Duration.ofDays(14));

        assertThat(api.published()).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo("egress.allowlist");
            assertThat(event.detailType()).isEqualTo("Request Submitted");
            assertThat(detail(event)).isEqualTo(Map.of("requestId", id, "kind", "DOMAIN", "target", "huggingface.co",
                    "status", "PENDING"));
        });
        assertThat(api.notifier.submitted).extracting(r -> r.id().value()).containsExactly(id);
    }

    @Test
    void aStudioCallerIsRecordedWithItsUserProfileAndLinkedSlackUser() {
        Response response = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"weights\"}"));

        JsonNode requester = response.json().get("request").get("requester");
        assertThat(requester.get("principal").asText()).isEqualTo(ALICE);
        assertThat(requester.get("studioUserProfile").asText()).isEqualTo(SageMakerSamples.DATA_SCIENTIST);
        assertThat(requester.get("slackUserId").asText()).isEqualTo("U0ALICE001");
        AllowlistRequest stored = api.storedRequests().get(0);
        assertThat(stored.requester().studioUserProfile()).isEqualTo(SageMakerSamples.DATA_SCIENTIST);
        assertThat(stored.requester().slackUserId()).isEqualTo("U0ALICE001");
    }

    @Test
    void aStudioUserWithoutARoleOfTheirOwnIsResolvedThroughTheDomainDefaultRole() {
        Response response = api.call(submit(BOB, "{\"domain\":\"huggingface.co\",\"justification\":\"weights\"}"));

        assertThat(response.json().get("request").get("requester").get("studioUserProfile").asText())
                .isEqualTo(SageMakerSamples.ANALYST);
        assertThat(response.json().get("request").get("requester").get("slackUserId").isNull()).isTrue();
    }

    @Test
    void aCallerThatIsNotStudioIsRecordedByItsArnAndLinkOnly() {
        Response response = api.call(submit(OPERATOR, "{\"domain\":\"huggingface.co\",\"justification\":\"weights\"}"));

        JsonNode requester = response.json().get("request").get("requester");
        assertThat(requester.get("principal").asText()).isEqualTo(OPERATOR);
        assertThat(requester.get("studioUserProfile").isNull()).isTrue();
        assertThat(requester.get("slackUserId").asText()).isEqualTo("U0OPER0001");
    }

    @Test
    void aCatalogueDomainIsApprovedAtOnceAndAnnouncedAsApproved() {
        Response response = api.call(submit(ALICE, "{\"domain\":\"files.pypi.org\",\"justification\":\"pip\"}"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("request").get("status").asText()).isEqualTo("APPROVED");
        assertThat(api.published()).singleElement().extracting(PublishedEvent::detailType).isEqualTo("Request Approved");
        assertThat(api.notifier.submitted).isEmpty();
        assertThat(api.notifier.decided).hasSize(1);
    }

    @Test
    void anOpenRequestForTheSameTargetIsReturnedInsteadOfANewOne() {
        String first = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"a\"}"))
                .json().get("request").get("id").asText();

        Response second = api.call(submit(OPERATOR, "{\"domain\":\"HUGGINGFACE.CO\",\"justification\":\"b\"}"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("outcome").asText()).isEqualTo("EXISTING");
        assertThat(second.json().get("request").get("id").asText()).isEqualTo(first);
        assertThat(second.header("Location")).isEqualTo("/prod/requests/" + first);
        assertThat(api.storedRequests()).hasSize(1);
        assertThat(api.published()).hasSize(1);
    }

    @Test
    void aNameAlreadyAllowedByAWildcardEntryIsAnsweredWithTheEntryAndVersion() {
        Response response = api.call(submit(ALICE, "{\"domain\":\"data.example.com\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("outcome", "ALREADY_ALLOWED")
                .put("allowed", true).put("domain", "data.example.com").put("entry", ".example.com").put("version", 1));
        assertThat(api.storedRequests()).isEmpty();
        assertThat(api.published()).isEmpty();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheOriginalWithTheOriginalStatus() {
        Call first = submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"a\"}")
                .header("Idempotency-Key", "7d4e3c1a-5b8f-4e2a-9c6d-1f0e2d3c4b5a");
        Response created = api.call(first);
        Response replayed = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"a\"}")
                .header("Idempotency-Key", "7d4e3c1a-5b8f-4e2a-9c6d-1f0e2d3c4b5a"));

        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.json().get("request")).isEqualTo(created.json().get("request"));
        assertThat(api.storedRequests()).hasSize(1);
        assertThat(api.published()).hasSize(1);
    }

    @Test
    void aKeyThatFirstMetAnOpenRequestReplaysAsThatExistingRequest() {
        api.call(submit(OPERATOR, "{\"domain\":\"huggingface.co\",\"justification\":\"a\"}"));
        Response first = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"b\"}")
                .header("Idempotency-Key", "k-1"));
        Response again = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"b\"}")
                .header("Idempotency-Key", "k-1"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("outcome").asText()).isEqualTo("EXISTING");
    }

    @Test
    void anIdempotencyKeyReusedForAnotherDomainIsRefusedAndStoresNothing() {
        api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"a\"}").header("Idempotency-Key", "k-2"));

        Response reused = api.call(submit(ALICE, "{\"domain\":\"pytorch.org\",\"justification\":\"a\"}")
                .header("Idempotency-Key", "k-2"));

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("type").asText()).isEqualTo("urn:egress-allowlist:problem:idempotency-key-reused");
        assertThat(api.storedRequests()).extracting(r -> r.target().value()).containsExactly("huggingface.co");
    }

    @Test
    void aDeniedDomainIsRefusedWith422NamingTheRule() {
        Response response = api.call(submit(ALICE, "{\"domain\":\"paste.pastebin.com\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("rule").asText()).isEqualTo("paste-sites");
        assertThat(response.json().get("detail").asText()).contains("exfiltration");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aDurationAboveThePolicyMaximumIsAPolicyRefusal() {
        Response response = api.call(submit(ALICE,
                "{\"domain\":\"huggingface.co\",\"justification\":\"x\",\"durationDays\":120}"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("rule").asText()).isEqualTo("max-duration");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aFailedPublishAfterTheRequestIsStoredStillAnswers201() {
        api.env.eventBus("no-such-bus");

        Response response = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(api.storedRequests()).hasSize(1);
        assertThat(api.notifier.submitted).hasSize(1);
    }

    @Test
    void aFailedNotificationAfterTheRequestIsStoredStillAnswers201() {
        api.notifier.failing = true;

        Response response = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(api.storedRequests()).hasSize(1);
        assertThat(api.published()).hasSize(1);
    }

    @Test
    void whenDynamoDbIsUnreachableTheAnswerIs503WithRetryAfterAndNoInternals() {
        api.env.set(EnvKey.ENDPOINT_DYNAMODB, "http://127.0.0.1:9");

        Response response = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("2");
        assertThat(response.json().get("requestId").asText()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(response.raw().getBody()).doesNotContain(api.tables.requests(), "127.0.0.1", "Exception", "at io.");
        assertThat(api.storedRequests()).isEmpty();
        assertThat(api.published()).isEmpty();
    }

    @Test
    void whenSageMakerIsDownTheRequestIsStoredWithoutAProfile() {
        api.aws.faults("SageMaker").internalErrorNext(100);

        Response response = api.call(submit(BOB, "{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(api.storedRequests().get(0).requester().studioUserProfile()).isNull();
    }

    @Test
    void theRequesterWithdrawsAPendingRequestAndTheWithdrawalIsAnnounced() {
        String id = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"))
                .json().get("request").get("id").asText();

        Response response = api.call(Call.delete("/requests/" + id).as(ALICE));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(api.requests.find(new RequestId(id))).get().extracting(AllowlistRequest::status).isEqualTo(RequestStatus.WITHDRAWN);
        assertThat(api.published()).extracting(PublishedEvent::detailType)
                .containsExactly("Request Submitted", "Request Withdrawn");
        assertThat(api.notifier.decided).extracting(r -> r.id().value()).containsExactly(id);
    }

    @Test
    void someoneElseCannotWithdrawARequest() {
        String id = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"))
                .json().get("request").get("id").asText();

        Response response = api.call(Call.delete("/requests/" + id).as(BOB));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("reason").asText()).isEqualTo("NOT_THE_REQUESTER");
        assertThat(api.requests.find(new RequestId(id))).get().extracting(AllowlistRequest::status).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void aRequestAlreadyDecidedCannotBeWithdrawn() {
        String id = api.call(submit(ALICE, "{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"))
                .json().get("request").get("id").asText();
        api.call(Call.delete("/requests/" + id).as(ALICE));

        Response again = api.call(Call.delete("/requests/" + id).as(ALICE));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("status").asText()).isEqualTo("WITHDRAWN");
    }

    @Test
    void withdrawingAnUnknownRequestIs404() {
        Response response = api.call(Call.delete("/requests/01JD8X3Q4T5V6W7X8Y9Z0ABCDE").as(ALICE));

        assertThat(response.status()).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(PublishedEvent event) {
        return JSON.convertValue(event.envelope().get("detail"), Map.class);
    }
}
