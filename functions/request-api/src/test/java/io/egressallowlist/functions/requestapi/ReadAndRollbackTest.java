package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.BOB;
import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DynaliteExtension.class)
class ReadAndRollbackTest {

    private ApiFixture api;
    private DynamoDbClient dynamo;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        api = new ApiFixture(dynalite, dynamo);
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private String submit(String principal, String domain) {
        Response response = api.call(Call.post("/requests").as(principal)
                .json("{\"domain\":\"" + domain + "\",\"justification\":\"needed\"}"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("request").get("id").asText();
    }

    // ---- requests -------------------------------------------------------------------------------

    @Test
    void aRequestIsReadBackById() {
        api.withBaseline();
        String id = submit(ALICE, "huggingface.co");

        Response response = api.call(Call.get("/requests/" + id).as(BOB));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("id").asText()).isEqualTo(id);
        assertThat(response.json().get("target").asText()).isEqualTo("huggingface.co");
    }

    @Test
    void requestsAreListedNewestFirstPageByPageWithoutGapsOrRepeats() {
        api.withBaseline();
        List<String> submitted = new ArrayList<>();
        for (String domain : List.of("a1.org", "a2.org", "a3.org", "a4.org", "a5.org")) {
            submitted.add(submit(ALICE, domain));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Call call = Call.get("/requests").as(ALICE).query("limit", "2");
            if (token != null) {
                call.query("pageToken", token);
            }
            JsonNode page = api.call(call).json();
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            token = page.get("nextPageToken").isNull() ? null : page.get("nextPageToken").asText();
            pages++;
        } while (token != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(reversed(submitted));
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void requestsAreFilteredByStatusAndRequester() {
        api.withBaseline();
        String alices = submit(ALICE, "a1.org");
        String bobs = submit(BOB, "b1.org");
        api.call(Call.delete("/requests/" + bobs).as(BOB));

        JsonNode pending = api.call(Call.get("/requests").as(OPERATOR).query("status", "pending")).json();
        JsonNode mine = api.call(Call.get("/requests").as(BOB).query("requester", "me")).json();
        JsonNode byArn = api.call(Call.get("/requests").as(OPERATOR).query("requester", ALICE)).json();

        assertThat(pending.get("items")).extracting(item -> item.get("id").asText()).containsExactly(alices);
        assertThat(mine.get("items")).extracting(item -> item.get("id").asText()).containsExactly(bobs);
        assertThat(byArn.get("items")).extracting(item -> item.get("id").asText()).containsExactly(alices);
    }

    @Test
    void aPageTokenIsOnlyValidForTheFiltersItWasIssuedFor() {
        api.withBaseline();
        submit(ALICE, "a1.org");
        submit(ALICE, "a2.org");
        String token = api.call(Call.get("/requests").as(ALICE).query("limit", "1")).json().get("nextPageToken").asText();

        Response otherFilters = api.call(Call.get("/requests").as(ALICE).query("status", "PENDING")
                .query("pageToken", token));
        Response garbage = api.call(Call.get("/requests").as(ALICE).query("pageToken", "%%%not-a-token"));

        assertThat(otherFilters.status()).isEqualTo(400);
        assertThat(otherFilters.json().get("reason").asText()).isEqualTo("FILTERS_CHANGED");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().get("field").asText()).isEqualTo("pageToken");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({"status, LOST, UNKNOWN_STATUS", "limit, 0, OUT_OF_RANGE", "limit, 101, OUT_OF_RANGE",
            "limit, ten, OUT_OF_RANGE", "stauts, PENDING, UNKNOWN_PARAMETER"})
    void aBadListingParameterIsRefused(String name, String value, String reason) {
        Response response = api.call(Call.get("/requests").as(ALICE).query(name, value));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(name);
        assertThat(response.json().get("reason").asText()).isEqualTo(reason);
    }

    @Test
    void aRepeatedQueryParameterIsRefused() {
        Response response = api.call(Call.get("/requests").as(ALICE).query("status", "PENDING").query("status", "ACTIVE"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("reason").asText()).isEqualTo("REPEATED_PARAMETER");
    }

    private static List<String> reversed(List<String> items) {
        List<String> copy = new ArrayList<>(items);
        java.util.Collections.reverse(copy);
        return copy;
    }

    // ---- allow-list -----------------------------------------------------------------------------

    @Test
    void theAllowlistIsTheLastAppliedVersion() {
        api.withBaseline();
        api.applied(2, List.of(".amazonaws.com", ".example.com", "github.com", "huggingface.co"));

        JsonNode allowlist = api.call(Call.get("/allowlist").as(ALICE)).json();

        assertThat(allowlist.get("version").asLong()).isEqualTo(2);
        assertThat(allowlist.get("targetCount").asInt()).isEqualTo(4);
        assertThat(allowlist.get("targets")).extracting(JsonNode::asText)
                .containsExactly(".amazonaws.com", ".example.com", "github.com", "huggingface.co");
    }

    @Test
    void withoutAnAppliedVersionTheAllowlistAndTheCheckAre404() {
        assertThat(api.call(Call.get("/allowlist").as(ALICE)).status()).isEqualTo(404);
        assertThat(api.call(Call.get("/allowlist/check").as(ALICE).query("domain", "github.com")).status())
                .isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}: allowed={1} by {2}")
    @CsvSource(nullValues = "-", value = {
            "github.com, true, github.com",
            "GitHub.com., true, github.com",
            "api.github.com, false, -",
            "example.com, true, .example.com",
            "a.b.example.com, true, .example.com",
            "*.example.com, true, .example.com",
            "badexample.com, false, -",
            "amazonaws.com, true, .amazonaws.com",
            // Hosts that are themselves on the Public Suffix List: refused as requests, answered as checks.
            "s3.amazonaws.com, true, .amazonaws.com",
            "s3.eu-west-1.amazonaws.com, true, .amazonaws.com",
            "github.io, false, -"})
    void aCheckNamesTheEntryThatAllowsTheName(String domain, boolean allowed, String entry) {
        api.withBaseline();

        Response response = api.call(Call.get("/allowlist/check").as(ALICE).query("domain", domain));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("allowed").asBoolean()).isEqualTo(allowed);
        assertThat(response.json().get("entry").isNull() ? null : response.json().get("entry").asText()).isEqualTo(entry);
        assertThat(response.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aCheckOfSomethingThatIsNoDomainNameSaysWhy() {
        api.withBaseline();

        Response missing = api.call(Call.get("/allowlist/check").as(ALICE));
        Response url = api.call(Call.get("/allowlist/check").as(ALICE).query("domain", "https://github.com/"));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("reason").asText()).isEqualTo("MISSING");
        assertThat(url.status()).isEqualTo(400);
        assertThat(url.json().get("reason").asText()).isEqualTo("URL_SCHEME");
        assertThat(url.json().get("detail").asText()).isNotBlank();
    }

    // ---- versions -------------------------------------------------------------------------------

    @Test
    void aVersionShowsItsTargetsAndWhatItChangedAgainstItsParent() {
        api.withBaseline();
        api.applied(2, List.of(".amazonaws.com", "github.com", "huggingface.co"));

        JsonNode version = api.call(Call.get("/versions/2").as(ALICE)).json();
        JsonNode first = api.call(Call.get("/versions/1").as(ALICE)).json();

        assertThat(version.get("number").asLong()).isEqualTo(2);
        assertThat(version.get("targets")).hasSize(3);
        assertThat(version.get("changes").get("against").asLong()).isEqualTo(1);
        assertThat(version.get("changes").get("added")).extracting(JsonNode::asText).containsExactly("huggingface.co");
        assertThat(version.get("changes").get("removed")).extracting(JsonNode::asText).containsExactly(".example.com");
        assertThat(first.get("changes").get("against").isNull()).isTrue();
        assertThat(first.get("changes").get("added")).hasSize(3);
    }

    @Test
    void twoVersionsAreDiffedInEitherDirection() {
        api.withBaseline();
        api.applied(2, List.of(".amazonaws.com", "github.com", "huggingface.co"));

        JsonNode forward = api.call(Call.get("/versions/1/diff/2").as(ALICE)).json();
        JsonNode backward = api.call(Call.get("/versions/2/diff/1").as(ALICE)).json();

        assertThat(forward.get("added")).extracting(JsonNode::asText).containsExactly("huggingface.co");
        assertThat(forward.get("removed")).extracting(JsonNode::asText).containsExactly(".example.com");
        assertThat(backward.get("added")).extracting(JsonNode::asText).containsExactly(".example.com");
        assertThat(api.call(Call.get("/versions/1/diff/9").as(ALICE)).status()).isEqualTo(404);
    }

    @Test
    void aVersionWhoseStoredSnapshotWasEditedIsReportedAsFailingItsIntegrityCheck() {
        api.withBaseline();
        api.applied(2, List.of(".amazonaws.com", "github.com", "huggingface.co"));
        // Version 1's list edited in the table: it now holds version 2's snapshot under version 1's hash.
        Map<String, AttributeValue> second = storedVersion(2);
        Map<String, AttributeValue> first = storedVersion(1);
        dynamo.updateItem(b -> b.tableName(api.tables.versions())
                .key(Map.of("log", first.get("log"), "version", first.get("version")))
                .updateExpression("SET targets = :t").expressionAttributeValues(Map.of(":t", second.get("targets"))));

        // Version 2 shows what it changed against version 1, so it needs version 1's snapshot too.
        for (String path : List.of("/versions/1", "/versions/2", "/versions/1/diff/2", "/versions/2/diff/1")) {
            Response response = api.call(Call.get(path).as(ALICE));

            assertThat(response.status()).as(path).isEqualTo(409);
            assertThat(response.json().get("type").asText()).isEqualTo("urn:egress-allowlist:problem:snapshot-integrity");
            assertThat(response.json().get("title").asText()).isEqualTo("Stored snapshot failed its integrity check");
            assertThat(response.json().get("detail").asText())
                    .startsWith("The stored snapshot of version 1 failed its integrity check");
            assertThat(response.json().get("version").asLong()).isEqualTo(1);
        }
        assertThat(api.call(Call.get("/versions").as(ALICE)).status()).isEqualTo(200);
    }

    private Map<String, AttributeValue> storedVersion(long number) {
        return dynamo.scan(b -> b.tableName(api.tables.versions())).items().stream()
                .filter(item -> item.get("version").n().equals(Long.toString(number)) && item.containsKey("targets"))
                .findFirst().orElseThrow();
    }

    @Test
    void versionsAreListedNewestFirstPageByPage() {
        api.withBaseline();
        for (long n = 2; n <= 5; n++) {
            api.applied(n, List.of("v" + n + ".org"));
        }
        Set<Long> seen = new HashSet<>();
        JsonNode page = api.call(Call.get("/versions").as(ALICE).query("limit", "2")).json();
        page.get("items").forEach(item -> seen.add(item.get("number").asLong()));
        assertThat(page.get("items")).extracting(item -> item.get("number").asLong()).containsExactly(5L, 4L);
        assertThat(page.get("items").get(0).has("targets")).isFalse();

        JsonNode next = api.call(Call.get("/versions").as(ALICE).query("limit", "2")
                .query("before", page.get("nextBefore").asText())).json();
        JsonNode last = api.call(Call.get("/versions").as(ALICE).query("limit", "2")
                .query("before", next.get("nextBefore").asText())).json();

        assertThat(next.get("items")).extracting(item -> item.get("number").asLong()).containsExactly(3L, 2L);
        assertThat(last.get("items")).extracting(item -> item.get("number").asLong()).containsExactly(1L);
        assertThat(last.get("nextBefore").isNull()).isTrue();
    }

    @ParameterizedTest(name = "/versions/{0} is {1}")
    @CsvSource({"0, 400", "-1, 400", "abc, 400", "1.5, 400", "99999999999999999999, 400", "7, 404"})
    void aVersionNumberMustBeAPositiveNumberOfAnExistingVersion(String number, int status) {
        api.withBaseline();

        assertThat(api.call(Call.get("/versions/" + number).as(ALICE)).status()).isEqualTo(status);
    }

    // ---- rollback -------------------------------------------------------------------------------

    @Test
    void aRollbackRequestIsCreatedPendingAndAnnouncedAsRollbackRequested() {
        api.withBaseline();
        api.applied(2, List.of("github.com"));

        Response response = api.call(Call.post("/versions/1/rollback").as(OPERATOR)
                .json("{\"justification\":\"version 2 broke pip\"}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode request = response.json().get("request");
        assertThat(request.get("kind").asText()).isEqualTo("ROLLBACK");
        assertThat(request.get("rollbackTo").asLong()).isEqualTo(1);
        assertThat(request.get("status").asText()).isEqualTo("PENDING");
        assertThat(response.header("Location")).isEqualTo("/prod/requests/" + request.get("id").asText());
        assertThat(api.published()).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Rollback Requested");
            assertThat(event.envelope().get("detail").get("rollbackTo").asLong()).isEqualTo(1);
            assertThat(event.envelope().get("detail").has("target")).isFalse();
        });
        assertThat(api.notifier.submitted).extracting(AllowlistRequest::kind).containsExactly(RequestKind.ROLLBACK);
    }

    @Test
    void askingAgainForTheSameRollbackReturnsTheOpenOneAndForAnotherVersionConflicts() {
        api.withBaseline();
        api.applied(2, List.of("github.com"));
        api.applied(3, List.of("gitlab.com"));
        String first = api.call(Call.post("/versions/1/rollback").as(OPERATOR).json("{\"justification\":\"x\"}"))
                .json().get("request").get("id").asText();

        Response same = api.call(Call.post("/versions/1/rollback").as(ALICE).json("{\"justification\":\"y\"}"));
        Response other = api.call(Call.post("/versions/2/rollback").as(ALICE).json("{\"justification\":\"z\"}"));

        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("request").get("id").asText()).isEqualTo(first);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("openRequestId").asText()).isEqualTo(first);
        assertThat(api.storedRequests()).hasSize(1);
    }

    @Test
    void aRollbackToAnUnknownVersionIs404AndToTheCurrentContentIs409() {
        api.withBaseline();

        Response unknown = api.call(Call.post("/versions/9/rollback").as(OPERATOR).json("{\"justification\":\"x\"}"));
        Response current = api.call(Call.post("/versions/1/rollback").as(OPERATOR).json("{\"justification\":\"x\"}"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(current.status()).isEqualTo(409);
        assertThat(current.json().get("reason").asText()).isEqualTo("ALREADY_CURRENT");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aRollbackNeedsAJustificationAndNothingElse() {
        api.withBaseline();
        api.applied(2, List.of("github.com"));

        Response missing = api.call(Call.post("/versions/1/rollback").as(OPERATOR).json("{}"));
        Response extra = api.call(Call.post("/versions/1/rollback").as(OPERATOR)
                .json("{\"justification\":\"x\",\"version\":2}"));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("justification");
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.json().get("field").asText()).isEqualTo("version");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void anIdempotencyKeyOfADomainRequestCannotBeReusedForARollback() {
        api.withBaseline();
        api.applied(2, List.of("github.com"));
        api.call(Call.post("/requests").as(OPERATOR).header("Idempotency-Key", "k-9")
                .json("{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        Response response = api.call(Call.post("/versions/1/rollback").as(OPERATOR).header("Idempotency-Key", "k-9")
                .json("{\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(api.published()).extracting(PublishedEvent::detailType).containsExactly("Request Submitted");
    }

    // ---- routing and the document ---------------------------------------------------------------

    @Test
    void aCallWithOnlyAPathIsRoutedLikeOneFromApiGateway() {
        api.withBaseline();
        String id = submit(ALICE, "huggingface.co");

        Response response = api.call(Call.get("/requests/" + id).as(ALICE).pathOnly());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("id").asText()).isEqualTo(id);
    }

    @Test
    void theOpenApiDocumentIsServed() {
        Response response = api.call(Call.get("/openapi.yaml").as(ALICE));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/yaml");
        assertThat(response.raw().getBody()).startsWith("openapi: 3.0.3");
    }
}
