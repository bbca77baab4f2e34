package io.egressallowlist.shared.slack;

import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.MessageRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlackClientTest {

    private static final String TOKEN = "xoxb-111-222-SECRETTOKENVALUE";
    private static final String CHANNEL = "C0APPROVALS1";

    private SlackWebApiDouble slack;
    private final List<Duration> sleeps = new ArrayList<>();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private JsonLog log;

    @BeforeEach
    void start() throws IOException {
        slack = SlackWebApiDouble.start(TOKEN);
        log = JsonLog.of(SlackClient.class, new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private SlackClient client(SecretSource token, SlackClient.Settings settings) {
        return new SlackClient(slack.apiUrl(), token, settings, sleeps::add, log);
    }

    private SlackClient client() {
        return client(SecretSource.fixed(TOKEN), SlackClient.Settings.defaults());
    }

    private String logs() {
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPostedMessageIsRecordedWithItsTextAndBlocks() {
        MessageRef posted = client().postMessage(CHANNEL, BlockKitMessages.reply("*hello*"));

        RecordedMessage message = slack.message(CHANNEL, posted.ts()).orElseThrow();
        assertThat(message.text()).isEqualTo("*hello*");
        assertThat(message.blocks()).hasSize(1);
        assertThat(slack.calls("chat.postMessage")).singleElement().satisfies(call -> assertThat(call.error()).isNull());
    }

    @Test
    void aMessageToAUserIdIsADirectMessage() {
        MessageRef posted = client().postMessage("U0ALICE0001", SlackMessage.text("your request was approved"));

        assertThat(posted.channel()).startsWith("D");
        assertThat(slack.directMessagesTo("U0ALICE0001")).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("your request was approved"));
    }

    @Test
    void anUpdateReplacesTheTextAndBlocksOfTheMessage() {
        SlackClient client = client();
        MessageRef posted = client.postMessage(CHANNEL, BlockKitMessages.reply("pending"));

        client.update(posted, BlockKitMessages.reply("approved"));

        RecordedMessage message = slack.message(CHANNEL, posted.ts()).orElseThrow();
        assertThat(message.text()).isEqualTo("approved");
        assertThat(message.edits()).isEqualTo(1);
    }

    @Test
    void okFalseBecomesATypedErrorWithSlacksErrorCode() {
        slack.failNext("chat.postMessage", "channel_not_found");

        assertThatThrownBy(() -> client().postMessage("C0NOSUCHCHAN", SlackMessage.text("x")))
                .isInstanceOfSatisfying(SlackException.class, e -> {
                    assertThat(e.error()).isEqualTo("channel_not_found");
                    assertThat(e.method()).isEqualTo("chat.postMessage");
                });
    }

    @Test
    void updatingAMessageThatDoesNotExistReportsMessageNotFound() {
        assertThatThrownBy(() -> client().update(new MessageRef(CHANNEL, "1.000001"), SlackMessage.text("x")))
                .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.error()).isEqualTo("message_not_found"));
    }

    @Test
    void aRateLimitIsWaitedOutForRetryAfterAndRetried() {
        slack.rateLimitNext(1, 2);

        MessageRef posted = client().postMessage(CHANNEL, SlackMessage.text("after the wait"));

        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(slack.message(CHANNEL, posted.ts())).isPresent();
        assertThat(slack.calls("chat.postMessage")).extracting(SlackWebApiDouble.ApiCall::status).containsExactly(429, 200);
    }

    @Test
    void aRateLimitLongerThanTheClientWillWaitFailsAtOnceWithoutWaiting() {
        slack.rateLimitNext(1, 30);

        assertThatThrownBy(() -> client(SecretSource.fixed(TOKEN), SlackClient.Settings.interactive())
                .postMessage(CHANNEL, SlackMessage.text("x")))
                .isInstanceOfSatisfying(SlackException.class, e -> {
                    assertThat(e.error()).isEqualTo("ratelimited");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
                });
        assertThat(sleeps).isEmpty();
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void aRateLimitThatOutlastsTheAttemptsFails() {
        slack.rateLimitNext(5, 1);

        assertThatThrownBy(() -> client().postMessage(CHANNEL, SlackMessage.text("x")))
                .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.error()).isEqualTo("ratelimited"));
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void aRejectedTokenIsReReadOnceAndTheCallRetried() {
        SlackSignatureVerifierTest.RotatingSecret token = new SlackSignatureVerifierTest.RotatingSecret(TOKEN);
        slack.rotateBotToken("xoxb-111-222-ROTATEDTOKEN");
        token.storeNewValue("xoxb-111-222-ROTATEDTOKEN");

        client(token, SlackClient.Settings.defaults()).postMessage(CHANNEL, SlackMessage.text("after rotation"));

        assertThat(token.refreshes.get()).isEqualTo(1);
        assertThat(slack.calls("chat.postMessage")).extracting(SlackWebApiDouble.ApiCall::error)
                .containsExactly("invalid_auth", null);
    }

    @Test
    void aTokenStillRejectedAfterTheReReadFailsWithInvalidAuth() {
        SlackSignatureVerifierTest.RotatingSecret token = new SlackSignatureVerifierTest.RotatingSecret("xoxb-wrong");

        assertThatThrownBy(() -> client(token, SlackClient.Settings.defaults()).postMessage(CHANNEL, SlackMessage.text("x")))
                .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.error()).isEqualTo("invalid_auth"));
        assertThat(token.refreshes.get()).isEqualTo(1);
    }

    @Test
    void theTokenNeverAppearsInLogsOrErrors() {
        SlackClient client = client();
        List<String> errors = new ArrayList<>();
        client.postMessage(CHANNEL, SlackMessage.text("ok"));
        slack.rateLimitNext(1, 1);
        client.postMessage(CHANNEL, SlackMessage.text("after a rate limit"));
        slack.failNext("chat.update", "cant_update_message");
        try {
            client.update(new MessageRef(CHANNEL, "1.1"), SlackMessage.text("x"));
        } catch (SlackException e) {
            errors.add(e.getMessage());
        }
        slack.rotateBotToken("xoxb-other");
        try {
            client.postMessage(CHANNEL, SlackMessage.text("refused"));
        } catch (SlackException e) {
            errors.add(e.getMessage());
        }

        assertThat(logs()).contains("chat.postMessage", "invalid_auth", "cant_update_message", "retryAfterSeconds");
        assertThat(logs()).doesNotContain(TOKEN).doesNotContain("SECRETTOKENVALUE");
        assertThat(errors).hasSize(2).allSatisfy(message -> assertThat(message).doesNotContain("SECRETTOKENVALUE"));
    }

    @Test
    void theTokenIsSentOnlyAsABearerHeader() {
        client().postMessage(CHANNEL, SlackMessage.text("x"));
        slack.rotateBotToken("xoxb-not-the-one-we-send");

        // The stand-in accepts only the Authorization header; a token in the body or URL would not count.
        assertThatThrownBy(() -> client().postMessage(CHANNEL, SlackMessage.text("x")))
                .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.error()).isEqualTo("invalid_auth"));
    }

    @Test
    void userGroupMembersAreListed() {
        slack.userGroup("S0SECURITY1", "U0APPROVE01", "U0APPROVE02");

        assertThat(client().userGroupMembers("S0SECURITY1")).containsExactly("U0APPROVE01", "U0APPROVE02");
        assertThatThrownBy(() -> client().userGroupMembers("S0NOSUCHGRP"))
                .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.error()).isEqualTo("no_such_subteam"));
    }

    @Test
    void aResponseUrlOutsideSlackIsNeverContacted() {
        assertThatThrownBy(() -> client().respond(URI.create("https://attacker.example/steal"), SlackMessage.text("x"),
                SlackClient.ResponseType.EPHEMERAL))
                .isInstanceOfSatisfying(SlackException.class,
                        e -> assertThat(e.error()).isEqualTo("response_url_not_slack"));
        assertThat(client().isSlackHook(URI.create("https://hooks.slack.com/actions/T1/2/abc"))).isTrue();
        assertThat(client().isSlackHook(URI.create("http://hooks.slack.com/actions/T1/2/abc"))).isFalse();
        assertThat(client().isSlackHook(URI.create("https://hooks.slack.com.attacker.example/x"))).isFalse();
    }

    @Test
    void aSlowSlackTimesOutWithinTheInteractiveBudget() {
        slack.latency(Duration.ofSeconds(3));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client(SecretSource.fixed(TOKEN), SlackClient.Settings.interactive())
                .postMessage(CHANNEL, SlackMessage.text("x")))
                .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.error()).isEqualTo("timeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void aPostWhoseConnectionDropsBeforeTheAnswerIsNotSentASecondTime() throws Exception {
        // A server that reads each request in full, then closes the connection without answering: as a
        // kept-alive connection that the peer closed would look. The post may have reached Slack, so the
        // client must fail the call and must not send it again.
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket socket = server.accept()) {
                        readRequest(socket.getInputStream());
                        requests.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SlackClient dropping = new SlackClient(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/"),
                    SecretSource.fixed(TOKEN), SlackClient.Settings.defaults(), sleeps::add, log);

            assertThatThrownBy(() -> dropping.postMessage(CHANNEL, SlackMessage.text("approve me once")))
                    .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.error()).isEqualTo("io_error"));
            Thread.sleep(200);
            assertThat(requests).hasValue(1);
        }
    }

    /** Reads one HTTP/1.1 request with a Content-Length body. */
    private static void readRequest(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        in.readNBytes(length);
    }
}
