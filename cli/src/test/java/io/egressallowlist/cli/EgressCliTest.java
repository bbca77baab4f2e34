package io.egressallowlist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against a loopback HTTP server that answers like the request API. */
class EgressCliTest {

    @RegisterExtension
    final LoopbackApi api = new LoopbackApi();

    @Test
    void aRequestIsPostedAsJsonWithTheSandboxIdentity() {
        api.otherwise(200, """
                {"outcome":"CREATED","request":{"id":"01ABC","kind":"DOMAIN","target":"huggingface.co","status":"PENDING",
                "requester":{"principal":"arn:aws:iam::1:user/alice"},"justification":"weights","approvals":[]}}""");

        EgressCli.Exit exit = api.run("request", "huggingface.co", "--reason", "model weights", "--days", "14");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.seen()).singleElement().asString()
                .startsWith("POST /api/requests caller=arn:aws:iam::1:user/alice")
                .contains("\"domain\":\"huggingface.co\"", "\"justification\":\"model weights\"", "\"durationDays\":14");
        assertThat(api.printed()).contains("Request submitted", "01ABC", "PENDING");
    }

    @Test
    void aCapacityWarningOfTheSubmitAnswerIsPrintedWithItsCode() {
        api.otherwise(201, """
                {"outcome":"CREATED","request":{"id":"01ABC","kind":"DOMAIN","target":"huggingface.co","status":"PENDING",
                "requester":{"principal":"arn:aws:iam::1:user/alice"},"justification":"weights","approvals":[]},
                "warnings":[{"code":"CAPACITY_LOW","message":"The allow-list is nearly full: 4 of 7 entries left.\\u001b[2J",
                "remaining":4}]}""");

        EgressCli.Exit exit = api.run("request", "huggingface.co", "--reason", "model weights");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.printed()).contains("warning: CAPACITY_LOW: The allow-list is nearly full: 4 of 7 entries left.")
                .doesNotContain("\u001b");
    }

    @Test
    void checkExitsOneWhenTheNameIsBlocked() {
        api.otherwise(200, "{\"domain\":\"evil.example\",\"allowed\":false,\"entry\":null,\"version\":7}");

        assertThat(api.run("check", "evil.example")).isEqualTo(EgressCli.Exit.NOT_ALLOWED);
        assertThat(api.printed()).contains("BLOCKED", "version 7");
        assertThat(api.seen()).singleElement().asString().startsWith("GET /api/allowlist/check?domain=evil.example");
    }

    @Test
    void aPolicyRefusalIsShownWithItsRuleAndExitsThree() {
        api.otherwise(422, "{\"type\":\"urn:egress-allowlist:problem:policy-refused\",\"title\":\"Refused by policy\",\"status\":422,"
                + "\"detail\":\"paste sites are an exfiltration channel\",\"rule\":\"paste-sites\",\"requestId\":\"r-1\"}");

        assertThat(api.run("request", "pastebin.com", "--reason", "x")).isEqualTo(EgressCli.Exit.REFUSED);
        assertThat(api.errors()).contains("Refused by policy", "paste-sites", "r-1");
    }

    @Test
    void statusCodesMapToDocumentedExitCodes() {
        String notFound = "{\"title\":\"Not found\",\"detail\":\"no request 01X\"}";
        api.otherwise(404, notFound);
        assertThat(api.run("status", "01X")).isEqualTo(EgressCli.Exit.NOT_FOUND);
        api.otherwise(403, notFound);
        assertThat(api.run("withdraw", "01X")).isEqualTo(EgressCli.Exit.FORBIDDEN_OR_CONFLICT);
        api.otherwise(503, notFound);
        assertThat(api.run("allowlist")).isEqualTo(EgressCli.Exit.UNAVAILABLE);
    }

    @Test
    void aSnapshotThatFailedItsIntegrityCheckIsReportedAsSuchAndExitsFive() {
        api.otherwise(409, "{\"type\":\"urn:egress-allowlist:problem:snapshot-integrity\",\"title\":\"Stored snapshot"
                + " failed its integrity check\",\"status\":409,\"detail\":\"The stored snapshot of version 3 failed its"
                + " integrity check\",\"version\":3,\"requestId\":\"r-9\"}");

        assertThat(api.run("diff", "3", "5")).isEqualTo(EgressCli.Exit.FORBIDDEN_OR_CONFLICT);
        assertThat(api.errors()).contains("Stored snapshot failed its integrity check",
                "The stored snapshot of version 3 failed its integrity check", "r-9").doesNotContain("Is the sandbox running");
    }

    @Test
    void jsonOutputIsTheApisJson() {
        api.otherwise(200, "{\"version\":3,\"sha256\":\"ab\",\"targetCount\":1,\"targets\":[\"pypi.org\"]}");

        api.run("--json", "allowlist");

        assertThat(api.printed()).contains("\"targets\"", "\"pypi.org\"");
    }

    @Test
    void missingArgumentsAreUsageErrorsThatSayWhatToType() {
        assertThat(api.run("request", "example.com")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.errors()).contains("request needs --reason");
        assertThat(api.run("diff", "3", "x")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.run("frobnicate")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void anUnreachableApiSaysWhatToCheck() {
        api.stop();

        assertThat(api.run("versions")).isEqualTo(EgressCli.Exit.UNAVAILABLE);
        assertThat(api.errors()).contains("Is the sandbox running?");
    }

    @ParameterizedTest(name = "a click answered {0} exits {1}")
    @CsvSource({"done, OK", "refused, REFUSED", "not-found, NOT_FOUND", "forbidden, FORBIDDEN_OR_CONFLICT",
            "conflict, FORBIDDEN_OR_CONFLICT", "unavailable, UNAVAILABLE"})
    void aClickExitsWithTheOutcomeTheSlackFunctionStated(String outcome, EgressCli.Exit exit) {
        api.answer("POST /_sandbox/slack/click", 200, "{\"status\":200,\"text\":\"You cannot approve your own request."
                + " Nothing was changed.\",\"outcome\":\"" + outcome + "\"}");

        assertThat(api.run("approve", "01JD8X3Q4T5V6W7X8Y9Z0ABCDE", "--as", "U0ALICE0001")).isEqualTo(exit);
        assertThat(api.printed()).contains("You cannot approve your own request");
        assertThat(api.seen()).singleElement().asString().startsWith("POST /_sandbox/slack/click")
                .contains("\"action\":\"approve\"", "\"user\":\"U0ALICE0001\"");
    }

    @Test
    void approvingIsRefusedAgainstARealDeployment() {
        EgressCli.Exit exit = new EgressCli(new PrintStream(api.out), new PrintStream(api.err))
                .run(new String[] {"--endpoint", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod", "approve",
                        "01X", "--as", "U0APPROVER"}, Map.of());

        assertThat(exit).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.errors()).contains("works only against the local sandbox");
    }
}
