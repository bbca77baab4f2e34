package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.store.DynamoVersionLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.CAROL;
import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/** Reads of the allow-list, its versions and the scopes, each about one scope's own version log. */
@ExtendWith(DynaliteExtension.class)
class ScopedReadsTest {

    private ApiFixture api;
    private DynamoVersionLog risk;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo, @TempDir Path dir) {
        api = new ApiFixture(dynalite, dynamo).withScopes(dir);
        risk = api.log("egress-risk");
        api.applied(1, List.of(".example.com", "github.com"));
        api.applied(2, List.of(".example.com", "github.com", "huggingface.co"));
        api.applied(risk, 1, List.of(".internal.bank"), ScopeMode.LEARN);
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void theAllowlistWithoutScopeIsTheCallersOwnScopes() {
        Response alice = api.call(Call.get("/allowlist").as(ALICE));
        Response carol = api.call(Call.get("/allowlist").as(CAROL));

        assertThat(alice.status()).as(alice.toString()).isEqualTo(200);
        assertThat(alice.json().get("scope").asText()).isEqualTo("research");
        assertThat(texts(alice.json().get("targets"))).containsExactly(".example.com", "github.com", "huggingface.co");
        assertThat(alice.json().get("mode").asText()).isEqualTo("enforce");
        assertThat(carol.json().get("scope").asText()).isEqualTo("risk");
        assertThat(texts(carol.json().get("targets"))).containsExactly(".internal.bank");
        assertThat(carol.json().get("mode").asText()).isEqualTo("learn");
    }

    @Test
    void aNamedScopeIsReadWhoeverAsks() {
        Response response = api.call(Call.get("/allowlist").as(ALICE).query("scope", "risk"));

        assertThat(response.json().get("scope").asText()).isEqualTo("risk");
        assertThat(response.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void checkAnswersForTheScopeAsked() {
        Response research = api.call(Call.get("/allowlist/check").as(OPERATOR).query("domain", "huggingface.co")
                .query("scope", "research"));
        Response inRisk = api.call(Call.get("/allowlist/check").as(OPERATOR).query("domain", "huggingface.co")
                .query("scope", "risk"));

        assertThat(research.json().get("allowed").asBoolean()).isTrue();
        assertThat(research.json().get("scope").asText()).isEqualTo("research");
        assertThat(inRisk.json().get("allowed").asBoolean()).isFalse();
        assertThat(inRisk.json().get("scope").asText()).isEqualTo("risk");
    }

    @Test
    void aCallerOfNoScopeMustNameOneWhenThereIsNoDefault() {
        Response response = api.call(Call.get("/allowlist").as(OPERATOR));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("scope");
        assertThat(response.json().get("reason").asText()).isEqualTo("MISSING");
        assertThat(texts(response.json().get("scopes"))).containsExactly("global", "research", "risk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/allowlist", "/allowlist/check", "/versions", "/versions/1", "/versions/1/diff/2"})
    void anUnknownScopeIsRefusedNamingTheScopesThereAre(String path) {
        Call call = Call.get(path).as(ALICE).query("scope", "nope");
        Response response = api.call(path.endsWith("check") ? call.query("domain", "github.com") : call);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("scope");
        assertThat(response.json().get("reason").asText()).isEqualTo("UNKNOWN_SCOPE");
        assertThat(response.json().get("detail").asText()).contains("global, research, risk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Risk", "", "9lives", "a_b", "<script>", "abcdefghijabcdefghijabcdefghijk"})
    void aMalformedScopeNameIsRefusedNamingScope(String scope) {
        Response response = api.call(Call.get("/versions").as(ALICE).query("scope", scope));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("scope");
        assertThat(response.json().get("reason").asText()).isEqualTo("MALFORMED_SCOPE");
    }

    @Test
    void versionsAreThoseOfTheScopesOwnLog() {
        Response research = api.call(Call.get("/versions").as(ALICE));
        Response inRisk = api.call(Call.get("/versions").as(ALICE).query("scope", "risk"));

        assertThat(research.json().get("items")).hasSize(2);
        assertThat(research.json().get("items").get(0).get("scope").asText()).isEqualTo("research");
        assertThat(inRisk.json().get("scope").asText()).isEqualTo("risk");
        assertThat(inRisk.json().get("items")).hasSize(1);
        assertThat(inRisk.json().get("items").get(0).get("scope").asText()).isEqualTo("risk");
        assertThat(inRisk.json().get("items").get(0).get("mode").asText()).isEqualTo("learn");
    }

    @Test
    void aVersionAndADiffAreReadInTheScopeNamed() {
        Response version = api.call(Call.get("/versions/1").as(ALICE).query("scope", "risk"));
        Response missing = api.call(Call.get("/versions/2").as(ALICE).query("scope", "risk"));
        Response diff = api.call(Call.get("/versions/1/diff/2").as(ALICE).query("scope", "research"));

        assertThat(texts(version.json().get("targets"))).containsExactly(".internal.bank");
        assertThat(version.json().get("scope").asText()).isEqualTo("risk");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).contains("scope risk");
        assertThat(texts(diff.json().get("added"))).containsExactly("huggingface.co");
        assertThat(diff.json().get("scope").asText()).isEqualTo("research");
    }

    @Test
    void scopesAreListedWithModeSizeHeadAndStudioDomains() {
        Response response = api.call(Call.get("/scopes").as(CAROL));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("callerScope").asText()).isEqualTo("risk");
        JsonNode items = response.json().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("name").asText()).isEqualTo("global");
        assertThat(items.get(0).get("headVersion").isNull()).isTrue();
        assertThat(items.get(0).get("entries").asInt()).isZero();
        assertThat(items.get(1).get("name").asText()).isEqualTo("research");
        assertThat(items.get(1).get("headVersion").asLong()).isEqualTo(2);
        assertThat(items.get(1).get("entries").asInt()).isEqualTo(3);
        assertThat(items.get(1).get("capacity").asInt()).isEqualTo(2000);
        assertThat(texts(items.get(2).get("studioDomainIds"))).containsExactly("d-public0sample2");
        assertThat(items.get(2).get("mode").asText()).isEqualTo("learn");
    }

    @Test
    void theAuditTrailIsFilteredByScopeAndRecordsWithoutOneAreDefaults() {
        api.env.operatorPrincipals(List.of(OPERATOR));
        java.time.Instant at = java.time.Instant.now().minusSeconds(5);
        api.audit.record(new AuditEvent("e-old", at, "U0APPROVE1", "REQUEST_APPROVED", Channel.SLACK, null, null, null,
                java.util.Map.of("target", "old.org")));
        api.audit.record(new AuditEvent("e-risk", at.plusMillis(1), "U0RISK0001", "REQUEST_APPROVED", Channel.SLACK,
                null, null, null, java.util.Map.of("target", "bank.org")).inScope(ScopeName.of("risk")));

        Response inRisk = api.call(Call.get("/audit").as(OPERATOR).query("scope", "risk"));
        Response inDefault = api.call(Call.get("/audit").as(OPERATOR).query("scope", "default"));
        Response unknown = api.call(Call.get("/audit").as(OPERATOR).query("scope", "nope"));
        Response every = api.call(Call.get("/audit").as(OPERATOR));

        assertThat(inRisk.status()).as(inRisk.toString()).isEqualTo(200);
        assertThat(inRisk.json().get("items")).hasSize(1);
        assertThat(inRisk.json().get("items").get(0).get("scope").asText()).isEqualTo("risk");
        assertThat(inRisk.json().get("items").get(0).get("eventId").asText()).isEqualTo("e-risk");
        assertThat(inDefault.status()).as("default is not declared here").isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("reason").asText()).isEqualTo("UNKNOWN_SCOPE");
        assertThat(every.json().get("items")).hasSize(2);
        assertThat(every.json().get("items").get(0).get("scope").asText()).isEqualTo("default");
    }

    @Test
    void requestsAreListedForTheScopeAsked() {
        java.time.Instant now = java.time.Instant.now();
        Requester alice = new Requester(ALICE, null, null);
        api.requests.create(AllowlistRequest.newDomainRequest(new RequestId("01TEST0000000000000000A00A"),
                FirewallTarget.of(DomainName.of("old.org")), alice, "stored before scopes", Duration.ofDays(7), now,
                Duration.ofDays(1), false, null));
        api.requests.create(AllowlistRequest.newModeRequest(new RequestId("01TEST0000000000000000A00B"),
                ScopeName.of("risk"), ScopeMode.ENFORCE, alice, "learnt enough", now, Duration.ofDays(1), null));

        Response research = api.call(Call.get("/requests").as(ALICE).query("scope", "research"));
        Response inRisk = api.call(Call.get("/requests").as(ALICE).query("scope", "risk"));
        Response every = api.call(Call.get("/requests").as(ALICE));
        Response unknown = api.call(Call.get("/requests").as(ALICE).query("scope", "nope"));

        assertThat(research.status()).as(research.toString()).isEqualTo(200);
        assertThat(research.json().get("items")).isEmpty();
        assertThat(inRisk.json().get("items")).hasSize(1);
        assertThat(inRisk.json().get("items").get(0).get("scope").asText()).isEqualTo("risk");
        assertThat(inRisk.json().get("items").get(0).get("kind").asText()).isEqualTo("MODE");
        assertThat(inRisk.json().get("items").get(0).get("mode").asText()).isEqualTo("enforce");
        assertThat(every.json().get("items")).hasSize(2);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asText()).isEqualTo("scope");
    }

    @Test
    void aScopeWithoutVersionsStartsInItsDeclaredMode() {
        Response response = api.call(Call.get("/scopes").as(OPERATOR));

        assertThat(response.json().get("callerScope").isNull()).isTrue();
        assertThat(response.json().get("items").get(0).get("mode").asText()).isEqualTo("enforce");
    }
}
