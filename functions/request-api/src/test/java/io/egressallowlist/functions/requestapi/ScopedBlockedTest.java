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
import io.egressallowlist.shared.store.DynamoBlockedAttempts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /blocked?scope=<name>}: everyone's attempts attributed to one scope, for approvers. */
@ExtendWith(DynaliteExtension.class)
class ScopedBlockedTest {

    /** research's approver (U0APPROVE1 in {@link ApiFixture#withScopes}). */
    static final String APPROVER = "arn:aws:iam::" + ApiFixture.ACCOUNT + ":user/approver";
    /** risk's approver (U0RISK0001). */
    static final String RISK_APPROVER = "arn:aws:iam::" + ApiFixture.ACCOUNT + ":user/risk-approver";
    static final Attribution.UserProfile CAROL = new Attribution.UserProfile(SageMakerSamples.PUBLIC_DOMAIN_ID,
            SageMakerSamples.EXPERIMENTER, Attribution.Evidence.API_CALLER_SOURCE);
    static final Attribution.UserProfile BOB = new Attribution.UserProfile(SageMakerSamples.VPC_ONLY_DOMAIN_ID,
            SageMakerSamples.ANALYST, Attribution.Evidence.API_CALLER_SOURCE);

    private ApiFixture api;
    private BlockedAttempts store;
    private final Instant now = Instant.now();
    private int tokens;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo, @TempDir Path dir) {
        api = new ApiFixture(dynalite, dynamo).withScopes(dir);
        api.applied(1, List.of("github.com"));
        api.env.identityLinks(Map.of(SageMakerSamples.DATA_SCIENTIST, "U0ALICE001", APPROVER, "U0APPROVE1",
                RISK_APPROVER, "U0RISK0001"));
        store = new DynamoBlockedAttempts(dynamo, api.tables.blocked(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private void attempt(Attribution.UserProfile who, String host, String scope, boolean learning) {
        Instant last = now.minusSeconds(60);
        BlockedAttempt attempt = new BlockedAttempt(who, new SourceAddress("10.20.1.23"), BlockedHost.of(host)
                .orElseThrow(), "TLS", 1, last.minusSeconds(5), last, Optional.of(ScopeName.of(scope)), learning);
        store.add(new BlockedAttempts.Contribution(attempt, last.truncatedTo(ChronoUnit.HOURS), "b-" + tokens++,
                last.plus(Duration.ofDays(30))));
    }

    private static List<String> domains(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> domains = new ArrayList<>();
        response.json().path("items").forEach(item -> domains.add(item.path("domain").asText()));
        return domains;
    }

    @Test
    void anApproverListsOneScopesAttempts() {
        attempt(CAROL, "learnt.bank.example", "risk", true);
        attempt(BOB, "research.example", "research", false);

        Response risk = api.call(Call.get("/blocked").as(RISK_APPROVER).query("scope", "risk"));
        Response all = api.call(Call.get("/blocked").as(APPROVER).query("scope", "all"));
        Response notRisks = api.call(Call.get("/blocked").as(APPROVER).query("scope", "risk"));

        assertThat(domains(risk)).containsExactly("learnt.bank.example");
        assertThat(risk.json().path("scope").asText()).isEqualTo("risk");
        JsonNode item = risk.json().path("items").get(0);
        assertThat(item.path("learning").asBoolean()).isTrue();
        assertThat(item.path("people").asInt()).isEqualTo(1);
        // An approver sees the attempts of the scopes they approve: research's, not risk's people.
        assertThat(domains(all)).containsExactly("research.example");
        assertThat(notRisks.status()).isEqualTo(403);
        assertThat(notRisks.json().path("detail").asText()).contains("only approvers of risk see its blocked attempts");
    }

    @Test
    void aScopesAttemptsAreForApproversOnlyAndAnUnknownScopeIsRefused() {
        attempt(CAROL, "learnt.bank.example", "risk", true);

        Response notApprover = api.call(Call.get("/blocked").as(ALICE).query("scope", "risk"));
        Response unknown = api.call(Call.get("/blocked").as(APPROVER).query("scope", "nope"));
        Response malformed = api.call(Call.get("/blocked").as(APPROVER).query("scope", "Risk!"));

        assertThat(notApprover.status()).isEqualTo(403);
        assertThat(notApprover.raw().getBody()).doesNotContain("learnt.bank.example");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("reason").asText()).isEqualTo("UNKNOWN_SCOPE");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("field").asText()).isEqualTo("scope");
    }
}
