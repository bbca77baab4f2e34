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
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.store.DynamoBlockedAttempts;
import io.egressallowlist.shared.store.DynamoVersionLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests, rollbacks and mode switches made in a scope through the API. */
@ExtendWith(DynaliteExtension.class)
class ScopedWritesTest {

    static final Attribution.UserProfile CAROL_PROFILE = new Attribution.UserProfile(SageMakerSamples.PUBLIC_DOMAIN_ID,
            SageMakerSamples.EXPERIMENTER, Attribution.Evidence.API_CALLER_SOURCE);

    private ApiFixture api;
    private BlockedAttempts blocked;
    private int tokens;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo, @TempDir Path dir) {
        api = new ApiFixture(dynalite, dynamo).withScopes(dir);
        api.applied(1, List.of("github.com"));
        DynamoVersionLog risk = api.log("egress-risk");
        api.applied(risk, 1, List.of(".internal.bank"), ScopeMode.LEARN);
        api.applied(risk, 2, List.of(".internal.bank", "pypi.org"), ScopeMode.LEARN);
        blocked = new DynamoBlockedAttempts(dynamo, api.tables.blocked(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private void learnt(String host, String scope, boolean learning) {
        Instant last = Instant.now().minusSeconds(60);
        BlockedAttempt attempt = new BlockedAttempt(CAROL_PROFILE, new SourceAddress("10.20.1.23"),
                BlockedHost.of(host).orElseThrow(), "TLS", 1, last.minusSeconds(5), last,
                Optional.of(ScopeName.of(scope)), learning);
        blocked.add(new BlockedAttempts.Contribution(attempt, last.truncatedTo(ChronoUnit.HOURS), "l-" + tokens++,
                last.plus(Duration.ofDays(30))));
    }

    private Response submit(String principal, String body) {
        return api.call(Call.post("/requests").as(principal).json(body));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void aRequestGoesToTheCallersScopeUnlessAnotherIsNamed() {
        Response own = submit(CAROL, "{\"domain\":\"huggingface.co\",\"justification\":\"weights\"}");
        Response named = submit(CAROL, "{\"domain\":\"huggingface.co\",\"justification\":\"weights\",\"scope\":\"research\"}");

        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        assertThat(own.json().path("request").path("scope").asText()).isEqualTo("risk");
        assertThat(named.status()).as(named.toString()).isEqualTo(201);
        assertThat(named.json().path("request").path("scope").asText()).isEqualTo("research");
        assertThat(api.storedRequests()).extracting(r -> r.scope().value()).containsExactlyInAnyOrder("risk", "research");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"nope\"       | UNKNOWN_SCOPE",
            "\"Not A Name\" | INVALID_SCOPE",
    })
    void aRequestForAScopeThereIsNotIsRefusedAndNothingIsStored(String scope, String reason) {
        Response response = submit(CAROL, "{\"domain\":\"huggingface.co\",\"justification\":\"x\",\"scope\":" + scope + "}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo("scope");
        assertThat(response.json().path("reason").asText()).isEqualTo(reason);
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aScopeThatIsNotAStringIsRefused() {
        Response response = submit(CAROL, "{\"domain\":\"huggingface.co\",\"justification\":\"x\",\"scope\":7}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo("scope");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aRollbackRestoresAVersionOfTheScopeNamed() {
        Response response = api.call(Call.post("/versions/1/rollback").as(ALICE).query("scope", "risk")
                .json("{\"justification\":\"pypi was a mistake\"}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().path("request").path("scope").asText()).isEqualTo("risk");
        assertThat(response.json().path("request").path("rollbackTo").asLong()).isEqualTo(1);
        Response own = api.call(Call.post("/versions/1/rollback").as(ALICE).json("{\"justification\":\"x\"}"));
        assertThat(own.status()).as("research is at version 1 already").isEqualTo(409);
    }

    @Test
    void aModeSwitchIsARequestOfTheScopeAndListsWhatEnforcingWouldBlock() {
        learnt("tracker.example.org", "risk", true);
        learnt("files.internal.bank", "risk", true);
        learnt("pypi.org", "risk", true);
        learnt("research-only.example.org", "research", true);
        learnt("blocked-not-learnt.example.org", "risk", false);

        Response response = api.call(Call.post("/scopes/risk/mode").as(CAROL)
                .json("{\"mode\":\"enforce\",\"justification\":\"learnt for two weeks\"}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode request = response.json().path("request");
        assertThat(request.path("kind").asText()).isEqualTo("MODE");
        assertThat(request.path("scope").asText()).isEqualTo("risk");
        assertThat(request.path("mode").asText()).isEqualTo("enforce");
        assertThat(request.path("status").asText()).isEqualTo("PENDING");
        assertThat(texts(response.json().path("wouldBlock"))).containsExactly("tracker.example.org");
        assertThat(api.storedRequests()).singleElement().satisfies(r -> assertThat(r.mode()).isEqualTo(ScopeMode.ENFORCE));
    }

    @Test
    void aModeSwitchOfAScopeThereIsNotIsA404ListingTheScopes() {
        Response unknown = api.call(Call.post("/scopes/nope/mode").as(CAROL).json("{\"mode\":\"enforce\",\"justification\":\"x\"}"));
        Response malformed = api.call(Call.post("/scopes/No_Pe/mode").as(CAROL).json("{\"mode\":\"enforce\",\"justification\":\"x\"}"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(texts(unknown.json().path("scopes"))).containsExactly("global", "research", "risk");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("field").asText()).isEqualTo("scope");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void onlyApproversOfGlobalMayAskAboutGlobal() {
        Response response = api.call(Call.post("/scopes/global/mode").as(CAROL)
                .json("{\"mode\":\"learn\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("rule").asText()).isEqualTo("NOT_AN_APPROVER");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aMistypedScopeIsNamedWithTheAcceptedFields() {
        Response response = submit(CAROL, "{\"domain\":\"huggingface.co\",\"justification\":\"x\",\"scope\":[\"risk\"]}");

        assertThat(response.json().path("detail").asText()).isEqualTo("The field 'scope' must be a string, got an array.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "risk     | {\"mode\":\"block\",\"justification\":\"x\"}  | mode          | UNKNOWN_MODE",
            "risk     | {\"justification\":\"x\"}                     | mode          | MISSING",
            "risk     | {\"mode\":\"enforce\"}                        | justification | MISSING",
            "risk     | {\"mode\":\"enforce\",\"extra\":1}            | extra         | UNKNOWN_FIELD",
            "research | {\"mode\":\"enforce\",\"justification\":\"x\"} | mode          | ALREADY_IN_MODE",
    })
    void aBadModeSwitchIsRefusedNamingTheFieldAndNothingIsStored(String scope, String body, String field, String reason) {
        Response response = api.call(Call.post("/scopes/" + scope + "/mode").as(CAROL).json(body));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo(field);
        assertThat(response.json().path("reason").asText()).isEqualTo(reason);
        assertThat(api.storedRequests()).isEmpty();
    }
}
