package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.junit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code views.open} in the stand-in: triggers as Slack keeps them, modals checked against Slack's limits. */
class SlackViewsTest {

    private static final String TOKEN = "xoxb-views-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODAL = """
            {"type":"modal","callback_id":"egress-request","private_metadata":"%s",
             "title":{"type":"plain_text","text":"%s"},"submit":{"type":"plain_text","text":"Submit"},
             "blocks":[{"type":"input","block_id":"justification","label":{"type":"plain_text","text":"Why?"},
               "element":{"type":"plain_text_input","action_id":"j","initial_value":"because"}}]}""";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private SlackWebApiDouble slack;
    private SlackUser user;

    @BeforeEach
    void start() throws IOException {
        slack = SlackWebApiDouble.start(SlackWebApiDouble.Settings.of(TOKEN).withClock(clock));
        user = SlackUser.in(slack, "views-secret");
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    /** A trigger Slack hands out with an interaction of {@code userId} (here a slash command). */
    private String trigger(String userId) {
        for (String pair : user.slashCommand(userId, "help").body().split("&")) {
            if (pair.startsWith("trigger_id=")) {
                return URLDecoder.decode(pair.substring("trigger_id=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no trigger");
    }

    private JsonNode open(String trigger, String view) throws Exception {
        String body = JSON.createObjectNode().put("trigger_id", trigger).set("view", JSON.readTree(view)).toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(slack.apiUrl().resolve("views.open"))
                .header("Content-Type", "application/json; charset=utf-8").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void aTriggerOpensAModalForItsUserWithinThreeSeconds() throws Exception {
        String trigger = trigger("U0ALICE0001");
        clock.advance(Duration.ofSeconds(3));

        JsonNode reply = open(trigger, MODAL.formatted("meta", "Request egress"));

        assertThat(reply.path("ok").asBoolean()).isTrue();
        String id = reply.path("view").path("id").asText();
        assertThat(id).startsWith("V");
        assertThat(slack.openedView(id)).hasValueSatisfying(view -> {
            assertThat(view.userId()).isEqualTo("U0ALICE0001");
            assertThat(view.triggerId()).isEqualTo(trigger);
            assertThat(view.callbackId()).isEqualTo("egress-request");
            assertThat(view.initialValue("justification")).isEqualTo("because");
        });
    }

    @Test
    void aTriggerExpiresAfterThreeSecondsAndOpensOneModalOnly() throws Exception {
        String late = trigger("U0ALICE0001");
        clock.advance(Duration.ofMillis(3_001));
        String used = trigger("U0ALICE0001");
        open(used, MODAL.formatted("", "Request egress"));

        assertThat(open(late, MODAL.formatted("", "Request egress")).path("error").asText())
                .isEqualTo("expired_trigger_id");
        assertThat(open(used, MODAL.formatted("", "Request egress")).path("error").asText())
                .isEqualTo("exchanged_trigger_id");
        assertThat(open("1.2.unknown", MODAL.formatted("", "Request egress")).path("error").asText())
                .isEqualTo("invalid_trigger_id");
        assertThat(slack.openedViews()).hasSize(1);
    }

    @Test
    void aModalBeyondSlacksLimitsIsRefused() throws Exception {
        assertThat(open(trigger("U0ALICE0001"), MODAL.formatted("", "A title of twenty-five ch")).path("error")
                .asText()).isEqualTo("invalid_arguments");
        assertThat(open(trigger("U0ALICE0001"), MODAL.formatted("m".repeat(3_001), "Request egress")).path("error")
                .asText()).isEqualTo("invalid_arguments");
        assertThat(open(trigger("U0ALICE0001"), MODAL.formatted("", "Request egress")
                .replace("\"submit\":{\"type\":\"plain_text\",\"text\":\"Submit\"},", "")).path("error").asText())
                .isEqualTo("invalid_arguments");
        assertThat(slack.openedViews()).isEmpty();
    }

    @Test
    void aSubmissionCarriesTheTypedValuesOrTheInitialOnesSignedForTheUser() throws Exception {
        String id = open(trigger("U0ALICE0001"), MODAL.formatted("meta", "Request egress")).path("view").path("id")
                .asText();

        SignedSlackRequest kept = user.submitView("U0ALICE0001", id, Map.of());
        SignedSlackRequest typed = user.submitView("U0ALICE0001", id, Map.of("justification", "<!channel> & co"));

        JsonNode keptPayload = payload(kept);
        assertThat(keptPayload.path("type").asText()).isEqualTo("view_submission");
        assertThat(keptPayload.path("user").path("id").asText()).isEqualTo("U0ALICE0001");
        assertThat(keptPayload.path("view").path("id").asText()).isEqualTo(id);
        assertThat(keptPayload.path("view").path("private_metadata").asText()).isEqualTo("meta");
        assertThat(keptPayload.path("view").path("state").path("values").path("justification").path("j")
                .path("value").asText()).isEqualTo("because");
        assertThat(payload(typed).path("view").path("state").path("values").path("justification").path("j")
                .path("value").asText()).isEqualTo("<!channel> & co");
        assertThat(typed.signature()).isEqualTo(SlackSigning.sign("views-secret", typed.timestamp(), typed.body()));
    }

    private static JsonNode payload(SignedSlackRequest request) throws IOException {
        return JSON.readTree(URLDecoder.decode(request.body().substring("payload=".length()), StandardCharsets.UTF_8));
    }
}
