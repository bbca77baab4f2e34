package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.store.DynamoBlockedAttempts;
import io.egressallowlist.shared.store.DynamoSourceBindings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.BOB;
import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /blocked} over attempts in the blocked table on dynalite: a person's own attempts only, everyone's for
 * approvers only, hostile names returned as data, bad parameters refused.
 */
@ExtendWith(DynaliteExtension.class)
class BlockedApiTest {

    /** Linked to the policy's approver, U0APPROVE1. */
    static final String APPROVER = "arn:aws:iam::" + ApiFixture.ACCOUNT + ":user/approver";
    static final Attribution.UserProfile ALICE_PROFILE = new Attribution.UserProfile(SageMakerSamples.VPC_ONLY_DOMAIN_ID,
            SageMakerSamples.DATA_SCIENTIST, Attribution.Evidence.API_CALLER_SOURCE);
    static final Attribution.UserProfile BOB_PROFILE = new Attribution.UserProfile(SageMakerSamples.VPC_ONLY_DOMAIN_ID,
            SageMakerSamples.ANALYST, Attribution.Evidence.API_CALLER_SOURCE);
    static final Set<String> ITEM_MEMBERS = Set.of("domain", "suggestedTarget", "count", "firstSeen", "lastSeen",
            "allowedNow", "openRequestId", "scope", "learning");

    private ApiFixture api;
    private BlockedAttempts store;
    private SourceBindings bindings;
    private final Instant now = Instant.now();
    private int tokens;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        api = new ApiFixture(dynalite, dynamo).withBaseline();
        api.env.identityLinks(Map.of(SageMakerSamples.DATA_SCIENTIST, "U0ALICE001", OPERATOR, "U0OPER0001",
                APPROVER, "U0APPROVE1"));
        store = new DynamoBlockedAttempts(dynamo, api.tables.blocked(), Clock.systemUTC());
        bindings = new DynamoSourceBindings(dynamo, api.tables.blocked());
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    /** {@code count} refused flows from {@code who} to {@code host}, the last {@code ago} before now. */
    private void blocked(Attribution who, String source, String host, int count, Duration ago) {
        Instant last = now.minus(ago);
        Instant first = last.minusSeconds(60);
        BlockedAttempt attempt = new BlockedAttempt(who, new SourceAddress(source), BlockedHost.of(host).orElseThrow(),
                "TLS", count, first, last);
        assertThat(store.add(new BlockedAttempts.Contribution(attempt, first.truncatedTo(ChronoUnit.HOURS),
                "batch-" + tokens++, last.plus(Duration.ofDays(30))))).isTrue();
    }

    private Response get(String principal, String... query) {
        Call call = Call.get("/blocked").as(principal);
        for (int i = 0; i < query.length; i += 2) {
            call.query(query[i], query[i + 1]);
        }
        return api.call(call);
    }

    private static List<JsonNode> items(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        response.json().path("items").forEach(items::add);
        return items;
    }

    private static JsonNode item(List<JsonNode> items, String domain) {
        return items.stream().filter(i -> i.path("domain").asText().equals(domain)).findFirst()
                .orElseThrow(() -> new AssertionError("no item for " + domain + " in " + items));
    }

    private static List<String> domains(List<JsonNode> items) {
        return items.stream().map(i -> i.path("domain").asText()).toList();
    }

    @Test
    void aDataScientistSeesTheirOwnAttemptsPerDomainWithWhatToRequest() {
        blocked(ALICE_PROFILE, "10.20.1.23", "cdn-lfs.hf.co", 3, Duration.ofMinutes(5));
        blocked(ALICE_PROFILE, "10.20.1.23", "cdn-lfs.hf.co", 2, Duration.ofMinutes(90));
        blocked(ALICE_PROFILE, "10.20.1.23", "xethub.hf.co", 1, Duration.ofMinutes(10));
        blocked(ALICE_PROFILE, "10.20.1.23", "objects.githubusercontent.com", 4, Duration.ofMinutes(20));

        Response response = get(ALICE);
        List<JsonNode> items = items(response);

        assertThat(response.json().path("scope").asText()).isEqualTo("mine");
        assertThat(response.json().path("studioUserProfile").asText()).isEqualTo(SageMakerSamples.DATA_SCIENTIST);
        assertThat(Instant.parse(response.json().path("since").asText()))
                .isBetween(now.minus(Duration.ofHours(24)).minusSeconds(5), now.minus(Duration.ofHours(24)).plusSeconds(30));
        assertThat(domains(items)).containsExactly("cdn-lfs.hf.co", "xethub.hf.co", "objects.githubusercontent.com");
        JsonNode lfs = item(items, "cdn-lfs.hf.co");
        assertThat(lfs.path("count").asLong()).isEqualTo(5);
        assertThat(lfs.path("suggestedTarget").asText()).as("two hosts under hf.co: a wildcard").isEqualTo(".hf.co");
        assertThat(Instant.parse(lfs.path("firstSeen").asText())).isBefore(Instant.parse(lfs.path("lastSeen").asText()));
        assertThat(lfs.path("allowedNow").asBoolean()).isFalse();
        assertThat(lfs.path("openRequestId").isNull()).isTrue();
        assertThat(item(items, "objects.githubusercontent.com").path("suggestedTarget").asText())
                .isEqualTo("objects.githubusercontent.com");
        items.forEach(i -> assertThat(fieldNames(i)).isEqualTo(new TreeSet<>(ITEM_MEMBERS)));
    }

    @Test
    void aDataScientistNeverSeesAnotherPersonsAttempts() {
        blocked(ALICE_PROFILE, "10.20.1.23", "alice-only.example.org", 1, Duration.ofMinutes(5));
        blocked(BOB_PROFILE, "10.20.65.42", "bob-only.example.net", 1, Duration.ofMinutes(5));
        blocked(new Attribution.StudioDomain(SageMakerSamples.VPC_ONLY_DOMAIN_ID, Attribution.Evidence.INTERFACE_SUBNET),
                "10.20.1.99", "domain-only.example.net", 1, Duration.ofMinutes(5));
        blocked(new Attribution.Unattributed(), "10.9.9.9", "nobody.example.net", 1, Duration.ofMinutes(5));

        assertThat(domains(items(get(ALICE)))).containsExactly("alice-only.example.org");
        assertThat(domains(items(get(BOB)))).containsExactly("bob-only.example.net");
        assertThat(domains(items(get(ALICE, "scope", "mine", "since", "P30D")))).containsExactly("alice-only.example.org");
        Response operator = get(OPERATOR);
        assertThat(items(operator)).as("not a Studio user: nothing is theirs").isEmpty();
        assertThat(operator.json().path("studioUserProfile").isNull()).isTrue();
    }

    @Test
    void theDefaultIsTheLastDayAndSinceLooksFurtherBackOrCloser() {
        blocked(ALICE_PROFILE, "10.20.1.23", "recent.example.org", 1, Duration.ofHours(1));
        blocked(ALICE_PROFILE, "10.20.1.23", "two-days.example.org", 1, Duration.ofHours(47));

        assertThat(domains(items(get(ALICE)))).containsExactly("recent.example.org");
        assertThat(domains(items(get(ALICE, "since", "P3D")))).containsExactly("recent.example.org",
                "two-days.example.org");
        assertThat(domains(items(get(ALICE, "since", "PT30M")))).isEmpty();
        assertThat(domains(items(get(ALICE, "since", now.minus(Duration.ofHours(48)).toString()))))
                .containsExactly("recent.example.org", "two-days.example.org");
    }

    @Test
    void anEntryAllowedSinceOrAlreadyRequestedSaysSo() {
        blocked(ALICE_PROFILE, "10.20.1.23", "docs.example.com", 1, Duration.ofMinutes(5));
        blocked(ALICE_PROFILE, "10.20.1.23", "huggingface.co", 1, Duration.ofMinutes(5));
        Response submitted = api.call(Call.post("/requests").as(ALICE)
                .json("{\"domain\":\"huggingface.co\",\"justification\":\"model weights\"}"));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);

        List<JsonNode> items = items(get(ALICE));

        assertThat(item(items, "docs.example.com").path("allowedNow").asBoolean()).as("baseline .example.com").isTrue();
        assertThat(item(items, "huggingface.co").path("allowedNow").asBoolean()).isFalse();
        assertThat(item(items, "huggingface.co").path("openRequestId").asText())
                .isEqualTo(submitted.json().path("request").path("id").asText());
    }

    @Test
    void anApproverSeesEveryonesAttemptsPerDomainWithTheNumberOfPeople() {
        blocked(ALICE_PROFILE, "10.20.1.23", "pypi.example.org", 3, Duration.ofMinutes(5));
        blocked(BOB_PROFILE, "10.20.65.42", "pypi.example.org", 4, Duration.ofMinutes(6));
        blocked(BOB_PROFILE, "10.20.65.42", "bob-only.example.net", 1, Duration.ofMinutes(7));
        blocked(new Attribution.Unattributed(), "10.9.9.9", "nobody.example.net", 2, Duration.ofMinutes(8));

        Response response = get(APPROVER, "scope", "all");
        List<JsonNode> items = items(response);

        assertThat(response.json().path("scope").asText()).isEqualTo("all");
        assertThat(domains(items)).containsExactlyInAnyOrder("pypi.example.org", "bob-only.example.net",
                "nobody.example.net");
        assertThat(item(items, "pypi.example.org").path("count").asLong()).isEqualTo(7);
        assertThat(item(items, "pypi.example.org").path("people").asInt()).isEqualTo(2);
        assertThat(item(items, "bob-only.example.net").path("people").asInt()).isEqualTo(1);
        assertThat(item(items, "nobody.example.net").path("people").asInt()).isZero();
    }

    @ParameterizedTest(name = "{0} asking for everyone''s attempts gets 403 and sees nothing")
    @CsvSource({"a data scientist linked to Slack, ALICE", "a Studio user linked to nobody, BOB",
            "an operator linked to a Slack user who is no approver, OPERATOR"})
    void aNonApproverAskingForEveryonesAttemptsIsRefusedAndSeesNothing(String who, String caller) {
        String principal = Map.of("ALICE", ALICE, "BOB", BOB, "OPERATOR", OPERATOR).get(caller);
        blocked(BOB_PROFILE, "10.20.65.42", "secret-project.example.net", 1, Duration.ofMinutes(5));

        Response response = get(principal, "scope", "all");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("reason").asText()).isEqualTo("NOT_AN_APPROVER");
        assertThat(response.json().has("items")).isFalse();
        assertThat(response.raw().getBody()).doesNotContain("secret-project");
    }

    @Test
    void hostileNamesComeBackAsJsonStringsExactlyAsStoredAndNothingMore() {
        List<String> hostile = List.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                "a\",\"people\":99,\"x\":\"", "<!channel> *bold*", "back\\slash", "\u001b[2Jclear.example.com",
                "x".repeat(400));
        for (String name : hostile) {
            blocked(ALICE_PROFILE, "10.20.1.23", name, 1, Duration.ofMinutes(5));
        }

        Response response = get(ALICE);
        List<JsonNode> items = items(response);

        List<String> expected = hostile.stream().map(name -> BlockedHost.of(name).orElseThrow().shown()).toList();
        assertThat(domains(items)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(domains(items)).contains("<script>alert(1)</script>", "<img?src=x?onerror=alert(1)>",
                "a\",\"people\":99,\"x\":\"");
        items.forEach(i -> {
            assertThat(fieldNames(i)).isEqualTo(new TreeSet<>(ITEM_MEMBERS));
            assertThat(i.path("suggestedTarget").isNull()).as(i.path("domain").asText()).isTrue();
        });
        assertThat(response.raw().getBody()).doesNotContain("\u001b");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @ParameterizedTest(name = "since={0} is refused with reason {1}")
    @CsvSource({"yesterday, MALFORMED", "P1W, MALFORMED", "-PT6H, MALFORMED", "P31D, OUT_OF_RANGE",
            "2000-01-01T00:00:00Z, OUT_OF_RANGE", "2999-01-01T00:00:00Z, IN_THE_FUTURE"})
    void aBadSinceIsA400NamingIt(String since, String reason) {
        blocked(ALICE_PROFILE, "10.20.1.23", "recent.example.org", 1, Duration.ofHours(1));

        Response response = get(ALICE, "since", since);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo("since");
        assertThat(response.json().path("reason").asText()).isEqualTo(reason);
        assertThat(response.raw().getBody()).doesNotContain("recent.example.org");
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"scope", "limit", "repeated since"})
    void otherBadQueriesAre400sNamingTheParameter(String what) {
        Call call = Call.get("/blocked").as(APPROVER);
        String field = switch (what) {
            case "scope" -> {
                call.query("scope", "everyone");
                yield "scope";
            }
            case "limit" -> {
                call.query("limit", "5");
                yield "limit";
            }
            default -> {
                call.query("since", "PT1H").query("since", "PT2H");
                yield "since";
            }
        };

        Response response = api.call(call);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo(field);
    }

    @Test
    void theLocalFrontsPathOnlyCallIsRoutedAndOtherMethodsAreRefused() {
        blocked(ALICE_PROFILE, "10.20.1.23", "recent.example.org", 1, Duration.ofHours(1));

        assertThat(domains(items(api.call(Call.get("/blocked").as(ALICE).pathOnly()))))
                .containsExactly("recent.example.org");
        Response post = api.call(Call.post("/blocked").as(ALICE).json("{}"));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET");
    }

    @Test
    void aStudioUsersCallNotesTheAddressItCameFromSoThatAttemptsFromThereAreTheirs() {
        Response alice = api.call(Call.get("/allowlist").as(ALICE).with(e -> e.getRequestContext().getIdentity()
                .setSourceIp("10.20.1.23")));
        assertThat(alice.status()).as(alice.toString()).isEqualTo(200);
        api.call(Call.get("/allowlist").as(OPERATOR).with(e -> e.getRequestContext().getIdentity()
                .setSourceIp("10.20.1.24")));
        api.call(Call.get("/allowlist").as(BOB).with(e -> e.getRequestContext().getIdentity()
                .setSourceIp("not-an-address")));

        assertThat(bindings.around(new SourceAddress("10.20.1.23"), Instant.now(), Duration.ofMinutes(5)))
                .singleElement().satisfies(binding -> assertThat(binding.attribution()).isEqualTo(ALICE_PROFILE));
        assertThat(bindings.around(new SourceAddress("10.20.1.24"), Instant.now(), Duration.ofMinutes(5)))
                .as("not a Studio user: no binding").isEmpty();
    }

    @Test
    void aLearningScopesRecordsShowTheirScopeAndThatTheyPassed() {
        Instant last = now.minusSeconds(60);
        BlockedAttempt learnt = new BlockedAttempt(ALICE_PROFILE, new SourceAddress("10.20.1.23"),
                BlockedHost.of("learnt.example.org").orElseThrow(), "TLS", 2, last.minusSeconds(5), last,
                Optional.of(ScopeName.of("research")), true);
        store.add(new BlockedAttempts.Contribution(learnt, last.minusSeconds(5).truncatedTo(ChronoUnit.HOURS), "learn-1",
                last.plus(Duration.ofDays(30))));
        blocked(ALICE_PROFILE, "10.20.1.23", "blocked.example.org", 1, Duration.ofMinutes(5));

        List<JsonNode> items = items(get(ALICE));

        assertThat(item(items, "learnt.example.org").path("scope").asText()).isEqualTo("research");
        assertThat(item(items, "learnt.example.org").path("learning").asBoolean()).isTrue();
        assertThat(item(items, "blocked.example.org").path("scope").isNull()).as("no known scope").isTrue();
        assertThat(item(items, "blocked.example.org").path("learning").asBoolean()).isFalse();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
