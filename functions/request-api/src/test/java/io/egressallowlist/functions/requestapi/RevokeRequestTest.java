package io.egressallowlist.functions.requestapi;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /requests/{id}/revoke}: approvers take back grants; everyone else and bad input change nothing. */
@ExtendWith(DynaliteExtension.class)
class RevokeRequestTest {

    /** An IAM user linked to the policy's approver. */
    private static final String APPROVER = "arn:aws:iam::" + ApiFixture.ACCOUNT + ":user/priya.approver";

    private ApiFixture api;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        api = new ApiFixture(dynalite, dynamo).withBaseline();
        api.env.identityLinks(Map.of(SageMakerSamples.DATA_SCIENTIST, "U0ALICE001", OPERATOR, "U0OPER0001",
                APPROVER, "U0APPROVE1"));
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    /** Alice's request, approved and (when {@code active}) applied, as the reconciler leaves it. */
    private RequestId granted(String domain, boolean active) {
        String id = api.call(Call.post("/requests").as(ALICE)
                .json("{\"domain\":\"" + domain + "\",\"justification\":\"model weights\"}"))
                .json().get("request").get("id").asText();
        RequestId requestId = new RequestId(id);
        api.requests.change(requestId, Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, Instant.now())
                .decidedBy("slack:U0APPROVE1").intent(Intent.ADD));
        if (active) {
            api.requests.change(requestId, Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, Instant.now())
                    .clearIntent().version(new VersionNumber(2)).expiresAt(Instant.now().plus(Duration.ofDays(30))));
        }
        api.eventBridge.clearPublished();
        return requestId;
    }

    private static Call revoke(String id, String principal, String body) {
        return Call.post("/requests/" + id + "/revoke").as(principal).json(body);
    }

    private AllowlistRequest stored(RequestId id) {
        return api.requests.find(id).orElseThrow();
    }

    @Test
    void anApproverRevokesAnActiveGrantRecordedAnnouncedAndToldToTheRequester() {
        RequestId id = granted("huggingface.co", true);

        Response response = api.call(revoke(id.value(), APPROVER, "{\"reason\":\"incident 42: token leak\"}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").asText()).isEqualTo("REVOKED");
        assertThat(response.json().get("decisionNote").asText()).isEqualTo("incident 42: token leak");
        assertThat(response.json().get("decidedBy").asText()).isEqualTo(APPROVER);
        assertThat(stored(id).intent()).isEqualTo(Intent.REMOVE);
        assertThat(api.published()).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Request Revoked");
            assertThat(event.envelope().path("detail").path("actor").asText()).isEqualTo(APPROVER);
        });
        assertThat(api.notifier.decided).extracting(r -> r.id()).containsExactly(id);
        AuditEvent recorded = api.audit.forRequest(id).stream().filter(e -> e.action().equals("GRANT_REVOKED"))
                .findFirst().orElseThrow();
        assertThat(recorded.details()).containsEntry("reason", "incident 42: token leak")
                .containsEntry("previousStatus", "ACTIVE");
        assertThat(recorded.via().name()).isEqualTo("API");
        assertThat(recorded.sourceIp()).isEqualTo("10.0.1.5");
    }

    @Test
    void anApprovedRequestNotYetAppliedIsCancelled() {
        RequestId id = granted("huggingface.co", false);

        Response response = api.call(revoke(id.value(), APPROVER, "{\"reason\":\"stuck: the rule group is full\"}"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.REVOKED);
        assertThat(api.audit.forRequest(id)).filteredOn(e -> e.action().equals("GRANT_REVOKED"))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("previousStatus", "APPROVED"));
    }

    @Test
    void aCallerWhoIsNotAnApproverIsForbiddenAndNothingChanges() {
        RequestId id = granted("huggingface.co", true);

        Response own = api.call(revoke(id.value(), ALICE, "{\"reason\":\"done with it\"}"));
        Response operator = api.call(revoke(id.value(), OPERATOR, "{\"reason\":\"cleanup\"}"));

        assertThat(own.status()).isEqualTo(403);
        assertThat(own.json().get("reason").asText()).isEqualTo("NOT_AN_APPROVER");
        assertThat(operator.status()).isEqualTo(403);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(stored(id).intent()).isNull();
        assertThat(api.published()).isEmpty();
        assertThat(api.notifier.decided).isEmpty();
    }

    @Test
    void aPendingOrAlreadyRevokedRequestIsAConflict() {
        String pending = api.call(Call.post("/requests").as(ALICE)
                .json("{\"domain\":\"pending.example.org\",\"justification\":\"x\"}")).json().get("request").get("id")
                .asText();
        RequestId active = granted("huggingface.co", true);
        api.call(revoke(active.value(), APPROVER, "{\"reason\":\"first\"}"));
        api.eventBridge.clearPublished();

        Response pendingAnswer = api.call(revoke(pending, APPROVER, "{\"reason\":\"x\"}"));
        Response again = api.call(revoke(active.value(), APPROVER, "{\"reason\":\"second\"}"));

        assertThat(pendingAnswer.status()).isEqualTo(409);
        assertThat(pendingAnswer.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("only an ACTIVE grant or an APPROVED or APPLYING");
        assertThat(stored(active).decisionNote()).isEqualTo("first");
        assertThat(api.published()).isEmpty();
    }

    @Test
    void anUnknownRequestIsNotFoundAndAMalformedIdIsBadInput() {
        assertThat(api.call(revoke("01ZZZZZZZZZZZZZZZZZZZZZZZZ", APPROVER, "{\"reason\":\"x\"}")).status())
                .isEqualTo(404);
        assertThat(api.call(revoke("not-an-id", APPROVER, "{\"reason\":\"x\"}")).status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                  | MISSING",
            "{\"reason\":\"   \"}                | MISSING",
            "{\"reason\":\"a\\u0007b\"}          | CONTROL_CHARACTERS",
            "{\"reason\":7}                      | WRONG_TYPE",
            "{\"reason\":\"x\",\"force\":true}   | UNKNOWN_FIELD"})
    void badInputIsRefusedAndChangesNothing(String body, String reason) {
        RequestId id = granted("huggingface.co", true);

        Response response = api.call(revoke(id.value(), APPROVER, body));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("reason").asText()).isEqualTo(reason);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(api.published()).extracting(PublishedEvent::detailType).isEmpty();
    }

    @Test
    void aReasonLongerThanFiveHundredCharactersIsRefused() {
        RequestId id = granted("huggingface.co", true);

        Response response = api.call(revoke(id.value(), APPROVER, "{\"reason\":\"" + "x".repeat(501) + "\"}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("reason").asText()).isEqualTo("TOO_LONG");
        assertThat(stored(id).status()).isEqualTo(RequestStatus.ACTIVE);
    }
}
