package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Slack stand-in: the Web API double the app calls, and the user who calls the app through Slack. */
class SlackStandInTest {

    private static final String TOKEN = "xoxb-standin-test";
    private static final String SECRET = "standin-signing-secret";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private SlackWebApiDouble slack;
    private SlackUser user;

    @BeforeEach
    void start() throws IOException {
        slack = SlackWebApiDouble.start(SlackWebApiDouble.Settings.of(TOKEN).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
        user = SlackUser.in(slack, SECRET);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private HttpResponse<String> call(String method, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(slack.apiUrl().resolve(method))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String json) throws Exception {
        HttpResponse<String> response = call(method, TOKEN, json);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String postCard(String requestId) throws Exception {
        return ok("chat.postMessage", """
                {"channel":"C0APPROVALS1","text":"card","blocks":[{"type":"actions","elements":[
                 {"type":"button","action_id":"approve","value":"%s","text":{"type":"plain_text","text":"Approve"},"style":"primary"},
                 {"type":"button","action_id":"deny","value":"%s","text":{"type":"plain_text","text":"Deny"}}]}]}"""
                .formatted(requestId, requestId)).path("ts").asText();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Test
    void callsWithoutTheBotTokenAreRefusedLikeSlackDoes() throws Exception {
        assertThat(JSON.readTree(call("chat.postMessage", null, "{\"channel\":\"C1\",\"text\":\"x\"}").body())
                .path("error").asText()).isEqualTo("not_authed");
        assertThat(JSON.readTree(call("chat.postMessage", "xoxb-wrong", "{\"channel\":\"C1\",\"text\":\"x\"}").body())
                .path("error").asText()).isEqualTo("invalid_auth");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void aPostedMessageIsRecordedAndCanBeUpdated() throws Exception {
        String ts = postCard("01REQUEST0000000000000000A");

        ok("chat.update", "{\"channel\":\"C0APPROVALS1\",\"ts\":\"" + ts + "\",\"text\":\"decided\",\"blocks\":[]}");

        RecordedMessage message = slack.message("C0APPROVALS1", ts).orElseThrow();
        assertThat(message.text()).isEqualTo("decided");
        assertThat(message.buttons()).isEmpty();
        assertThat(message.edits()).isEqualTo(1);
    }

    @Test
    void updatingAnUnknownMessageFails() throws Exception {
        assertThat(ok("chat.update", "{\"channel\":\"C0APPROVALS1\",\"ts\":\"1.2\",\"text\":\"x\"}").path("error").asText())
                .isEqualTo("message_not_found");
    }

    @Test
    void aMessageToAUserIsADirectMessage() throws Exception {
        JsonNode reply = ok("chat.postMessage", "{\"channel\":\"U0ALICE0001\",\"text\":\"hello\"}");

        assertThat(reply.path("channel").asText()).isEqualTo("D0ALICE0001");
        assertThat(slack.directMessagesTo("U0ALICE0001")).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("hello"));
    }

    @Test
    void userGroupsAndUsersAreAnswered() throws Exception {
        slack.userGroup("S0SECURITY1", "U0APPROVE01").addUser("U0APPROVE01", "ada");

        assertThat(ok("usergroups.users.list", "{\"usergroup\":\"S0SECURITY1\"}").path("users").get(0).asText())
                .isEqualTo("U0APPROVE01");
        assertThat(ok("users.info", "{\"user\":\"U0APPROVE01\"}").path("user").path("name").asText()).isEqualTo("ada");
        assertThat(ok("users.info", "{\"user\":\"U0NOBODY001\"}").path("error").asText()).isEqualTo("user_not_found");
    }

    @Test
    void anInjectedRateLimitAnswers429WithRetryAfter() throws Exception {
        slack.rateLimitNext(1, 7);

        HttpResponse<String> limited = call("chat.postMessage", TOKEN, "{\"channel\":\"C1\",\"text\":\"x\"}");
        HttpResponse<String> next = call("chat.postMessage", TOKEN, "{\"channel\":\"C1\",\"text\":\"x\"}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void aClickIsTheSignedBlockActionsPayloadSlackWouldSend() throws Exception {
        String ts = postCard("01REQUEST0000000000000000A");

        SignedSlackRequest click = user.click("U0APPROVE01", "01REQUEST0000000000000000A", "approve");

        assertThat(click.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(click.signature()).isEqualTo(SlackSigning.sign(SECRET, click.timestamp(), click.body()));
        assertThat(click.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
        assertThat(click.body()).startsWith("payload=");
        JsonNode payload = JSON.readTree(form(click.body()).get("payload"));
        assertThat(payload.path("type").asText()).isEqualTo("block_actions");
        assertThat(payload.path("user").path("id").asText()).isEqualTo("U0APPROVE01");
        assertThat(payload.path("container").path("message_ts").asText()).isEqualTo(ts);
        assertThat(payload.path("container").path("channel_id").asText()).isEqualTo("C0APPROVALS1");
        assertThat(payload.path("channel").path("id").asText()).isEqualTo("C0APPROVALS1");
        assertThat(payload.path("actions").get(0).path("action_id").asText()).isEqualTo("approve");
        assertThat(payload.path("actions").get(0).path("value").asText()).isEqualTo("01REQUEST0000000000000000A");
        assertThat(payload.path("actions").get(0).path("style").asText()).isEqualTo("primary");
        assertThat(payload.path("response_url").asText()).startsWith(slack.baseUrl().toString());
    }

    @Test
    void clickingAButtonNoMessageShowsIsRefused() {
        assertThatThrownBy(() -> user.click("U0APPROVE01", "01REQUEST0000000000000000B", "approve"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("01REQUEST0000000000000000B");
    }

    @Test
    void aButtonOnADirectMessageIsClickedOnThatMessageAndOnlyByItsRecipient() throws Exception {
        String button = "{\"type\":\"button\",\"action_id\":\"request-blocked\",\"value\":\"example.org\","
                + "\"text\":{\"type\":\"plain_text\",\"text\":\"Request\"}}";
        ok("chat.postMessage", "{\"channel\":\"U0ALICE0001\",\"text\":\"digest\",\"blocks\":[{\"type\":\"section\","
                + "\"text\":{\"type\":\"mrkdwn\",\"text\":\"`example.org`\"},\"accessory\":" + button + "}]}");
        ok("chat.postMessage", "{\"channel\":\"U0BOB000001\",\"text\":\"digest\",\"blocks\":[{\"type\":\"section\","
                + "\"text\":{\"type\":\"mrkdwn\",\"text\":\"`example.org`\"},\"accessory\":" + button + "}]}");
        RecordedMessage alices = slack.directMessagesTo("U0ALICE0001").get(0);

        SignedSlackRequest click = user.clickOn("U0ALICE0001", alices, "request-blocked", "example.org");

        JsonNode payload = JSON.readTree(form(click.body()).get("payload"));
        assertThat(payload.path("container").path("channel_id").asText()).isEqualTo("D0ALICE0001");
        assertThat(payload.path("container").path("message_ts").asText()).isEqualTo(alices.ts());
        assertThat(payload.path("actions").get(0).path("value").asText()).isEqualTo("example.org");
        assertThat(click.signature()).isEqualTo(SlackSigning.sign(SECRET, click.timestamp(), click.body()));
        assertThatThrownBy(() -> user.clickOn("U0BOB000001", alices, "request-blocked", "example.org"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only U0ALICE0001");
        assertThatThrownBy(() -> user.clickOn("U0ALICE0001", alices, "request-blocked", "other.example.org"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("other.example.org");
    }

    @Test
    void aSlashCommandCarriesSlacksFieldsAndIsSigned() {
        SignedSlackRequest command = user.slashCommand("U0ALICE0001", "request example.org because & so");

        Map<String, String> fields = form(command.body());
        assertThat(fields).containsEntry("command", "/egress").containsEntry("user_id", "U0ALICE0001")
                .containsEntry("text", "request example.org because & so")
                .containsKeys("team_id", "channel_id", "response_url", "trigger_id");
        assertThat(fields.get("trigger_id")).matches("[0-9.a-f]+");
        assertThat(command.signature()).isEqualTo(SlackSigning.sign(SECRET, command.timestamp(), command.body()));
    }

    @Test
    void aResponseUrlCanReplaceTheOriginalOrReplyOnlyToTheClicker() throws Exception {
        String ts = postCard("01REQUEST0000000000000000A");
        JsonNode payload = JSON.readTree(form(user.click("U0APPROVE01", "01REQUEST0000000000000000A", "approve").body())
                .get("payload"));
        URI responseUrl = URI.create(payload.path("response_url").asText());

        http.send(HttpRequest.newBuilder(responseUrl).POST(HttpRequest.BodyPublishers.ofString(
                "{\"response_type\":\"ephemeral\",\"text\":\"only you\"}")).build(), HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(responseUrl).POST(HttpRequest.BodyPublishers.ofString(
                "{\"replace_original\":true,\"text\":\"approved\",\"blocks\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(slack.ephemeralMessagesFor("U0APPROVE01")).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("only you"));
        assertThat(slack.message("C0APPROVALS1", ts).orElseThrow().text()).isEqualTo("approved");
    }

    /** A stand-in for the app's Slack route: records what it receives and answers {@code {"text":"ok"}}. */
    private static HttpServer startApp(AtomicReference<String> received, AtomicReference<String> signature)
            throws IOException {
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/slack", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            signature.set(exchange.getRequestHeaders().getFirst("X-Slack-Signature"));
            byte[] body = "{\"text\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        return app;
    }

    @Test
    void aSignedRequestIsDeliveredToTheInteractionsUrl() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        AtomicReference<String> signature = new AtomicReference<>();
        HttpServer app = startApp(received, signature);
        try {
            user.interactionsUrl(URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/slack"));
            SignedSlackRequest command = user.slashCommand("U0ALICE0001", "list");

            SlackUser.Delivery delivery = user.deliver(command);

            assertThat(delivery.status()).isEqualTo(200);
            assertThat(delivery.body()).isEqualTo("{\"text\":\"ok\"}");
            assertThat(received.get()).isEqualTo(command.body());
            assertThat(signature.get()).isEqualTo(command.signature());
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aClickAskedForOverHttpIsSignedByTheUserAndDelivered() throws Exception {
        postCard("01REQUEST0000000000000000A");
        AtomicReference<String> received = new AtomicReference<>();
        AtomicReference<String> signature = new AtomicReference<>();
        HttpServer app = startApp(received, signature);
        try {
            user.interactionsUrl(URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/slack"));

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(slack.baseUrl().resolve("_standin/click"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user\":\"U0APPROVE01\",\"requestId\":\"01REQUEST0000000000000000A\",\"action\":\"approve\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(200);
            JsonNode payload = JSON.readTree(form(received.get()).get("payload"));
            assertThat(payload.path("user").path("id").asText()).isEqualTo("U0APPROVE01");
            assertThat(payload.path("actions").get(0).path("value").asText()).isEqualTo("01REQUEST0000000000000000A");
            assertThat(signature.get()).isEqualTo(SlackSigning.sign(SECRET, Long.toString(NOW.getEpochSecond()),
                    received.get()));
        } finally {
            app.stop(0);
        }
    }

    @Test
    void withoutAUserTheDoubleOffersNoClickRoute() throws Exception {
        try (SlackWebApiDouble alone = SlackWebApiDouble.start(TOKEN)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(alone.baseUrl().resolve("_standin/click"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void injectedLatencyDelaysTheAnswer() throws Exception {
        slack.latency(Duration.ofMillis(300));
        long start = System.nanoTime();

        ok("auth.test", "{}");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void recordedMessagesAreServedAsJsonForTheSandboxPage() throws Exception {
        postCard("01REQUEST0000000000000000A");

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(slack.baseUrl().resolve("_standin/messages"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        JsonNode messages = JSON.readTree(response.body());
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("channel").asText()).isEqualTo("C0APPROVALS1");
        assertThat(messages.get(0).path("blocks").get(0).path("type").asText()).isEqualTo("actions");
    }
}
