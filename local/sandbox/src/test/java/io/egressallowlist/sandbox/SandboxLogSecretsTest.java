package io.egressallowlist.sandbox;

import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.shared.events.EventRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_1;
import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logs of a full run — every function, every outcome, refusals and failures included — never hold
 * the Slack signing secret or the bot token. Standard output and error are captured from before the
 * sandbox starts, since each logger takes the stream it writes to when it is built.
 */
class SandboxLogSecretsTest {

    private static final PrintStream ORIGINAL_OUT = System.out;
    private static final PrintStream ORIGINAL_ERR = System.err;
    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();

    private static EndToEnd e2e;

    @BeforeAll
    static void startSandboxWithItsOutputCaptured() throws Exception {
        System.setOut(new PrintStream(new Tee(ORIGINAL_OUT, CAPTURED), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(ORIGINAL_ERR, CAPTURED), true, StandardCharsets.UTF_8));
        e2e = EndToEnd.start(LocalControlPlane.Options.forTests());
    }

    @AfterAll
    static void stopSandboxAndRestoreTheStreams() {
        try {
            if (e2e != null) {
                e2e.close();
            }
        } finally {
            System.setOut(ORIGINAL_OUT);
            System.setErr(ORIGINAL_ERR);
        }
    }

    @Test
    void aFullRunLogsNeitherTheSigningSecretNorTheBotToken() {
        String secret = e2e.plane().signingSecret();
        String token = e2e.plane().botToken();
        runEveryFlow();

        String logs = captured();
        assertThat(logs).as("the run was captured").contains("\"logger\":\"FirewallSyncHandler\"",
                "\"logger\":\"Approvals\"", "\"logger\":\"StaleCleanupHandler\"", "\"logger\":\"StudioGuardHandler\"",
                "Slack request refused");
        assertThat(logs).as("the logs hold the signing secret").doesNotContain(secret);
        assertThat(logs).as("the logs hold the bot token").doesNotContain(token);
        assertThat(logs).as("the logs hold the token's secret part")
                .doesNotContain(token.substring(token.lastIndexOf('-') + 1));
    }

    /** Approve and roll back, deny, withdraw, a forged and a stale click, slash commands, every schedule. */
    private static void runEveryFlow() {
        long before = e2e.latestVersion();
        String approved = e2e.submit(".secrets-scan.example.org");
        assertThat(e2e.click("approve", approved, APPROVER_1).exit()).isZero();
        e2e.awaitOnFirewall(".secrets-scan.example.org");
        e2e.awaitStatus(approved, "ACTIVE");
        assertThat(e2e.egress("check", "a.secrets-scan.example.org").exit()).isZero();
        assertThat(e2e.egress("request", "b.secrets-scan.example.org", "--reason", "covered").out())
                .contains("already allowed");

        String rollback = e2e.egress("rollback", Long.toString(before), "--reason", "scan", "--json")
                .json().path("request").path("id").asText();
        assertThat(e2e.click("approve", rollback, APPROVER_2).exit()).isZero();
        e2e.awaitOffFirewall(".secrets-scan.example.org");
        // The entry leaves the rule group a moment before the reconciler marks the rollback's version applied;
        // until then the applied version still covers the names submitted next.
        e2e.awaitStatus(rollback, "ACTIVE");

        String denied = e2e.submit("denied.secrets-scan.example.org");
        assertThat(e2e.click("deny", denied, APPROVER_2).exit()).isZero();
        String withdrawn = e2e.submit("withdrawn.secrets-scan.example.org");
        assertThat(e2e.egress("withdraw", withdrawn).exit()).isZero();
        assertThat(e2e.egress("request", "paste.pastebin.com", "--reason", "refused by policy").exit()).isEqualTo(3);

        SlackUser user = e2e.slackUser();
        String pending = e2e.submit("pending.secrets-scan.example.org");
        SignedSlackRequest genuine = user.click(APPROVER_1, pending, "approve");
        assertThat(user.deliver(genuine.withSignature("v0=" + "0".repeat(64))).status()).isEqualTo(401);
        assertThat(user.deliver(genuine.withTimestamp("1")).status()).isEqualTo(401);
        assertThat(user.deliver(user.slashCommand(APPROVER_1, "help")).status()).isEqualTo(200);
        assertThat(user.deliver(user.slashCommand(APPROVER_1, "check pypi.org")).status()).isEqualTo(200);
        assertThat(user.deliver(user.slashCommand(APPROVER_1, "list")).status()).isEqualTo(200);

        e2e.slack().failNext("chat.update", "invalid_auth");
        assertThat(user.deliver(genuine).status()).isEqualTo(200);
        e2e.awaitStatus(pending, "ACTIVE");

        e2e.runNow(EventRoutes.RECONCILE);
        e2e.runNow(EventRoutes.GUARD);
        e2e.runNow(EventRoutes.CLEANUP);
        e2e.drainFirewallSync();
    }

    private static String captured() {
        System.out.flush();
        System.err.flush();
        synchronized (CAPTURED) {
            return CAPTURED.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes to the original stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException ignored) {
                // the capture is what the test reads
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            try {
                original.write(bytes, offset, length);
            } catch (java.io.IOException ignored) {
                // the capture is what the test reads
            }
        }

        @Override
        public void flush() {
            try {
                original.flush();
            } catch (java.io.IOException ignored) {
                // nothing to do
            }
        }
    }
}
