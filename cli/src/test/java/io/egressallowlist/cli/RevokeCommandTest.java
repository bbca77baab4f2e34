package io.egressallowlist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code egress revoke <id> --reason TEXT} against a loopback API: the call it makes and the exit codes. */
class RevokeCommandTest {

    private static final String REVOKED = """
            {"id":"01JD8X3Q4T5V6W7X8Y9Z0ABCDE","kind":"DOMAIN","target":"huggingface.co","status":"REVOKED",
            "requester":{"principal":"arn:aws:iam::1:user/bob"},"justification":"weights","approvals":[],
            "decidedBy":"arn:aws:iam::1:user/alice","decisionNote":"token leaked"}""";

    @RegisterExtension
    final LoopbackApi api = new LoopbackApi();

    @Test
    void aRevocationIsPostedWithItsReasonAndShowsTheRevokedRequest() {
        api.otherwise(200, REVOKED);

        EgressCli.Exit exit = api.run("revoke", "01JD8X3Q4T5V6W7X8Y9Z0ABCDE", "--reason", "token leaked");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(api.seen()).singleElement().asString()
                .startsWith("POST /api/requests/01JD8X3Q4T5V6W7X8Y9Z0ABCDE/revoke caller=arn:aws:iam::1:user/alice")
                .contains("{\"reason\":\"token leaked\"}");
        assertThat(api.printed()).contains("REVOKED", "token leaked");
    }

    @Test
    void withoutAReasonNothingIsSentAndTheUsageIsShown() {
        assertThat(api.run("revoke", "01JD8X3Q4T5V6W7X8Y9Z0ABCDE")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.run("revoke", "--reason", "x")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(api.seen()).isEmpty();
        assertThat(api.errors()).contains("revoke needs --reason");
    }

    @ParameterizedTest(name = "HTTP {0} exits {1}")
    @CsvSource({"400, REFUSED", "404, NOT_FOUND", "403, FORBIDDEN_OR_CONFLICT", "409, FORBIDDEN_OR_CONFLICT",
            "503, UNAVAILABLE"})
    void eachRefusalExitsAsTheReadmeSays(int status, EgressCli.Exit expected) {
        api.otherwise(status, "{\"title\":\"refused\",\"detail\":\"Request 01X is EXPIRED; only an ACTIVE grant or an"
                + " APPROVED or APPLYING request can be revoked.\",\"status\":" + status + "}");

        assertThat(api.run("revoke", "01X", "--reason", "x")).isEqualTo(expected);
        assertThat(api.errors()).contains("refused");
    }

    @Test
    void theUsageListsRevoke() {
        assertThat(EgressCli.USAGE).contains("revoke <id> --reason TEXT");
    }
}
