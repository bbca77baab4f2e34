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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.egressallowlist.functions.requestapi.ApiFixture.ACCOUNT;
import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /audit} over the audit table on dynalite: approvers and operators read it (an operator role's session
 * too), anyone else is refused; filters, the range and paging; bad parameters refused, naming the parameter.
 */
@ExtendWith(DynaliteExtension.class)
class AuditApiTest {

    /** Linked to the policy's approver, U0APPROVE1. */
    static final String APPROVER = "arn:aws:iam::" + ACCOUNT + ":user/approver";
    /** A session of the operator role named (with a path) in OPERATOR_PRINCIPALS. */
    static final String OPERATOR_SESSION = "arn:aws:sts::" + ACCOUNT + ":assumed-role/EgressOperator/oncall";
    static final Set<String> ITEM_MEMBERS = Set.of("eventId", "at", "actor", "action", "via", "sourceIp", "requestId",
            "scope", "version", "details", "chainSeq");
    static final RequestId R1 = new RequestId("01TEST0000000000000000A00A");

    private ApiFixture api;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        api = new ApiFixture(dynalite, dynamo).withBaseline();
        api.env.identityLinks(Map.of(SageMakerSamples.DATA_SCIENTIST, "U0ALICE001", OPERATOR, "U0OPER0001",
                APPROVER, "U0APPROVE1"));
        api.env.operatorPrincipals(List.of("arn:aws:iam::" + ACCOUNT + ":role/ops/EgressOperator"));
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private void record(String id, Instant at, String actor, String action, RequestId request, Map<String, String> details) {
        api.audit.record(new AuditEvent(id, at, actor, action, Channel.API, "10.0.0.9", request, null, details));
    }

    private Response get(String principal, String... query) {
        Call call = Call.get("/audit").as(principal);
        for (int i = 0; i < query.length; i += 2) {
            call.query(query[i], query[i + 1]);
        }
        return api.call(call);
    }

    /** Every page, following nextToken with the same filters. */
    private List<JsonNode> all(String principal, String... query) {
        List<JsonNode> items = new ArrayList<>();
        Response page = get(principal, query);
        for (int pages = 0; pages < 200; pages++) {
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("items").forEach(items::add);
            if (page.json().path("nextToken").isNull()) {
                return items;
            }
            List<String> next = new ArrayList<>(List.of(query));
            next.addAll(List.of("nextToken", page.json().path("nextToken").asText()));
            page = get(principal, next.toArray(String[]::new));
        }
        throw new AssertionError("more than 200 pages");
    }

    @Test
    void anApproverReadsTheTrailOldestFirstWithEveryMember() {
        record("a", now.minusSeconds(30), "arn:aws:iam::1:user/x", "REQUEST_CREATED", R1,
                Map.of("reason", "<img src=x onerror=alert(1)>"));
        record("b", now.minusSeconds(20), "slack:U0APPROVE1", "REQUEST_APPROVED", R1, Map.of());

        Response response = get(APPROVER);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("items")).hasSize(2);
        JsonNode first = body.path("items").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(ITEM_MEMBERS);
        assertThat(first.path("eventId").asText()).isEqualTo("a");
        assertThat(first.path("at").asText()).isEqualTo(now.minusSeconds(30).toString());
        assertThat(first.path("requestId").asText()).isEqualTo(R1.value());
        assertThat(first.path("sourceIp").asText()).isEqualTo("10.0.0.9");
        assertThat(first.path("details").path("reason").asText()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(first.path("chainSeq").isNull() || first.path("chainSeq").isNumber()).isTrue();
        assertThat(body.path("items").get(1).path("action").asText()).isEqualTo("REQUEST_APPROVED");
        assertThat(body.path("nextToken").isNull()).isTrue();
        assertThat(Instant.parse(body.path("until").asText())).isAfterOrEqualTo(now);
        assertThat(Instant.parse(body.path("since").asText())).isEqualTo(Instant.parse(body.path("until").asText())
                .minusSeconds(24 * 3600));
    }

    @Test
    void anOperatorRoleSessionReadsTheTrailAndSoDoesTheRoleWithoutASlackLink() {
        record("a", now.minusSeconds(5), "system:reconciler", "VERSION_APPLIED", null, Map.of());

        assertThat(all(OPERATOR_SESSION)).extracting(item -> item.path("eventId").asText()).containsExactly("a");
    }

    @Test
    void aDataScientistAndAnUnlistedRoleAreRefusedWithNotAnApprover() {
        record("a", now.minusSeconds(5), "system:reconciler", "VERSION_APPLIED", null, Map.of());

        for (String principal : List.of(ALICE, OPERATOR, "arn:aws:sts::" + ACCOUNT + ":assumed-role/Other/oncall")) {
            Response response = get(principal);
            assertThat(response.status()).as(principal).isEqualTo(403);
            assertThat(response.json().path("reason").asText()).isEqualTo("NOT_AN_APPROVER");
            assertThat(response.json().has("items")).isFalse();
            assertThat(get(principal, "limit", "0").status()).as("refused before its parameters are read").isEqualTo(403);
        }
    }

    @Test
    void filtersByActorRequestTypeAndRange() {
        RequestId other = new RequestId("01TEST0000000000000000A00B");
        record("1", now.minusSeconds(50), "arn:aws:iam::1:user/ana", "REQUEST_CREATED", R1, Map.of());
        record("2", now.minusSeconds(40), "slack:U0APPROVE1", "REQUEST_APPROVED", R1, Map.of());
        record("3", now.minusSeconds(30), "arn:aws:iam::1:user/ana", "REQUEST_CREATED", other, Map.of());
        record("4", now.minusSeconds(7200), "slack:U0APPROVE1", "REQUEST_APPROVED", other, Map.of());

        assertThat(ids(all(APPROVER, "actor", "arn:aws:iam::1:user/ana"))).containsExactly("1", "3");
        assertThat(ids(all(APPROVER, "requestId", R1.value()))).containsExactly("1", "2");
        assertThat(ids(all(APPROVER, "type", "REQUEST_APPROVED"))).containsExactly("4", "2");
        assertThat(ids(all(APPROVER, "type", "REQUEST_APPROVED", "since", "PT1H"))).containsExactly("2");
        assertThat(ids(all(APPROVER, "since", now.minusSeconds(45).toString(), "until", now.minusSeconds(30).toString())))
                .containsExactly("2");
        assertThat(ids(all(APPROVER, "type", "NO_SUCH_ACTION"))).isEmpty();
    }

    @Test
    void pagesFollowNextTokenWithoutSkippingOrRepeatingEvenWithinOneSecond() {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(10);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            record("e" + i, second.plusMillis(i * 13L), "system:test", "TEST", null, Map.of());
            written.add("e" + i);
        }

        Response first = get(APPROVER, "limit", "5");
        List<String> read = ids(all(APPROVER, "limit", "5"));

        assertThat(first.json().path("items")).hasSize(5);
        assertThat(first.json().path("nextToken").asText()).isNotBlank();
        assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void aTokenKeepsTheRangeOfItsFirstPageAndIsBoundToItsFilters() {
        for (int i = 0; i < 3; i++) {
            record("e" + i, now.minusSeconds(30 - i), "system:test", "TEST", null, Map.of());
        }
        Response first = get(APPROVER, "limit", "1", "since", "PT1M");
        String token = first.json().path("nextToken").asText();

        Response second = get(APPROVER, "limit", "1", "since", "PT1M", "nextToken", token);
        Response changed = get(APPROVER, "limit", "1", "since", "PT2M", "nextToken", token);

        assertThat(second.json().path("since").asText()).isEqualTo(first.json().path("since").asText());
        assertThat(second.json().path("until").asText()).isEqualTo(first.json().path("until").asText());
        assertThat(ids(List.of(second.json().path("items").get(0)))).containsExactly("e1");
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.json().path("field").asText()).isEqualTo("nextToken");
        assertThat(changed.json().path("reason").asText()).isEqualTo("FILTERS_CHANGED");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit|0|limit", "limit|501|limit", "limit|ten|limit",
            "since|yesterday|since", "since|P-1D|since", "until|soon|until",
            "type|request_approved|type", "type|REQUEST-APPROVED|type",
            "requestId|not-an-id|requestId", "actor|' '|actor", "actor|a\u0000b|actor",
            "nextToken|garbage|nextToken", "nextToken|djEKCgp4|nextToken",
            "colour|red|colour"})
    void badParametersAreRefusedNamingTheParameter(String name, String value, String field) {
        Response response = get(APPROVER, name, value);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo(field);
    }

    @Test
    void sinceAfterUntilAndARangeOverAYearAreRefusedNamingSince() {
        Response after = get(APPROVER, "since", now.toString(), "until", now.minusSeconds(1).toString());
        Response tooLong = get(APPROVER, "since", "P400D");

        assertThat(after.status()).isEqualTo(400);
        assertThat(after.json().path("field").asText()).isEqualTo("since");
        assertThat(after.json().path("reason").asText()).isEqualTo("AFTER_UNTIL");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("field").asText()).isEqualTo("since");
    }

    @Test
    void aForgedTokenForAnotherRangeIsRefused() {
        record("e0", now.minusSeconds(30), "system:test", "TEST", null, Map.of());
        record("e1", now.minusSeconds(29), "system:test", "TEST", null, Map.of());
        String since = now.minusSeconds(60).toString();
        String until = now.toString();
        String token = get(APPROVER, "limit", "1", "since", since, "until", until).json().path("nextToken").asText();
        String inside = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
        String[] lines = inside.split("\n", 3);
        String[] store = lines[2].split(" ");
        String forged = PageToken.wrap(now.plusSeconds(3600) + " " + now.plusSeconds(7200) + " " + store[2], lines[1]);

        Response response = get(APPROVER, "limit", "1", "since", since, "until", until, "nextToken", forged);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo("nextToken");
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(item -> item.path("eventId").asText()).toList();
    }
}
