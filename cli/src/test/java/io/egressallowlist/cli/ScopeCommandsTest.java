package io.egressallowlist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --scope} on the commands that read or change one scope, {@code egress scopes} and {@code egress mode}. */
class ScopeCommandsTest {

    @RegisterExtension
    final LoopbackApi api = new LoopbackApi();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "allowlist --scope risk                  | GET /api/allowlist?scope=risk ",
            "versions --scope risk                   | GET /api/versions?limit=50&scope=risk ",
            "diff 1 2 --scope risk                   | GET /api/versions/1/diff/2?scope=risk ",
            "check pypi.org --scope risk             | GET /api/allowlist/check?domain=pypi.org&scope=risk ",
            "list --status PENDING --scope risk      | GET /api/requests?limit=100&status=PENDING&scope=risk ",
            "blocked --scope risk                    | GET /api/blocked?scope=risk ",
            "audit --scope risk --limit 5            | GET /api/audit?limit=5&scope=risk ",
            "rollback 3 --reason back --scope risk   | POST /api/versions/3/rollback?scope=risk ",
            "allowlist --scope a&b=c                 | GET /api/allowlist?scope=a%26b%3Dc ",
    })
    void theScopeOptionBecomesTheScopeQueryParameter(String command, String call) {
        api.otherwise(200, "{\"items\":[],\"since\":\"2026-12-05T00:00:00Z\",\"until\":\"2026-12-05T01:00:00Z\"}");

        api.run(command.strip().split(" +"));

        assertThat(api.seen()).first().asString().startsWith(call);
    }

    @Test
    void withoutScopeNoScopeIsSent() {
        api.run("allowlist");

        assertThat(api.seen()).singleElement().asString().startsWith("GET /api/allowlist caller=");
    }

    @Test
    void aRequestNamesItsScopeInTheBody() {
        api.otherwise(201, """
                {"outcome":"CREATED","request":{"id":"01ABC","kind":"DOMAIN","scope":"risk","target":"pypi.org",
                "status":"PENDING","requester":{"principal":"arn:aws:iam::1:user/alice"},"justification":"x","approvals":[]},
                "warnings":[]}""");

        EgressCli.Exit exit = api.run("request", "pypi.org", "--reason", "packages", "--scope", "risk");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.seen()).singleElement().asString().startsWith("POST /api/requests ")
                .contains("\"scope\":\"risk\"");
        assertThat(api.printed()).contains("scope", "risk");
    }

    @Test
    void blockedRefusesAllTogetherWithAScope() {
        EgressCli.Exit exit = api.run("blocked", "--all", "--scope", "risk");

        assertThat(exit).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void checkNamesTheScopeAndHowToAskInIt() {
        api.otherwise(200, "{\"domain\":\"pypi.org\",\"allowed\":false,\"entry\":null,\"version\":4,\"scope\":\"risk\"}");

        assertThat(api.run("check", "pypi.org", "--scope", "risk")).isEqualTo(EgressCli.Exit.NOT_ALLOWED);
        assertThat(api.printed()).contains("no entry in version 4 of scope risk allows it",
                "egress request pypi.org --scope risk");
    }

    @Test
    void scopesAreListedWithTheCallersOwnMarked() {
        api.answer("GET /api/scopes", 200, """
                {"callerScope":"risk","items":[
                {"name":"global","mode":"enforce","capacity":400,"entries":3,"headVersion":2,"studioDomainIds":[]},
                {"name":"risk","mode":"learn","capacity":1000,"entries":1,"headVersion":null,
                 "studioDomainIds":["d-risk1\\u001b[2J"]}]}""");

        EgressCli.Exit exit = api.run("scopes");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.printed()).contains("SCOPE", "MODE", "global", "(every domain)", "risk (yours)", "learn")
                .doesNotContain("\u001b");
    }

    @Test
    void modePostsTheSwitchAndPrintsWhatWouldBeBlocked() {
        api.answer("POST /api/scopes/risk/mode", 201, """
                {"outcome":"CREATED","request":{"id":"01MODE","kind":"MODE","scope":"risk","mode":"enforce",
                "status":"PENDING","requester":{"principal":"arn:aws:iam::1:user/alice"},"justification":"learnt",
                "approvals":[]},"warnings":[],"wouldBlock":["tracker.example","evil\\u001b]0;x\\u0007.example"]}""");

        EgressCli.Exit exit = api.run("mode", "risk", "enforce", "--justification", "learnt");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.seen()).singleElement().asString().startsWith("POST /api/scopes/risk/mode ")
                .contains("\"mode\":\"enforce\"", "\"justification\":\"learnt\"");
        assertThat(api.printed()).contains("switch risk to enforce", "Would be blocked once enforced (2",
                "tracker.example").doesNotContain("\u001b", "\u0007");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mode risk                                  ",
            "mode risk block --justification x          ",
            "mode risk enforce                          ",
            "scopes extra                               ",
    })
    void badModeAndScopesArgumentsAreUsageErrorsAndCallNothing(String command) {
        assertThat(api.run(command.strip().split(" +"))).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void anUnknownScopeIsReportedWithTheScopesThereAre() {
        api.otherwise(400, "{\"title\":\"The request is not valid\",\"status\":400,\"detail\":\"There is no scope"
                + " 'nope'; the scopes are global, risk.\",\"field\":\"scope\",\"reason\":\"UNKNOWN_SCOPE\"}");

        assertThat(api.run("allowlist", "--scope", "nope")).isEqualTo(EgressCli.Exit.REFUSED);
        assertThat(api.errors()).contains("the scopes are global, risk", "field: scope (UNKNOWN_SCOPE)");
    }
}
