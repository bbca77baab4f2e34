package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.testbed.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Slack digest of blocked attempts, driven from outside as someone trying the sandbox would: Alice's workload is
 * refused, the digest schedule runs, her direct message shows a Request button per host, and the sandbox's
 * {@code POST /_sandbox/slack/request-form} clicks it and submits the form it opens, both signed as Slack sends them.
 * One digest per person per interval: every test shares the one Alice gets.
 */
class SandboxDigestTest {

    private static final String ALICE = SageMakerSamples.DATA_SCIENTIST;
    private static final String WILDCARD = ".digest-weights.org";
    private static final String CDN = "cdn.digest-weights.org";
    private static final String XET = "xet.digest-weights.org";
    private static final String IDLE = "notes.digest-idle.org";
    private static final String PASTE = "snippets.pastebin.com";

    private static EndToEnd e2e;
    private static JsonNode firstDigestRun;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> {
        e2e = started;
        firstDigestRun = null;
    });

    /** Alice's one digest: her app called the API once, then was refused four hosts; the schedule ran. */
    private static synchronized JsonNode digestRun() {
        if (firstDigestRun == null) {
            assertThat(e2e.egress("blocked").exit()).as("Alice's app calls the API once").isZero();
            for (String host : List.of(CDN, XET, IDLE, PASTE)) {
                assertThat(e2e.traffic(ALICE, host, 2).path("allowed").asBoolean()).isFalse();
            }
            HttpResponse<String> run = post("/_sandbox/run/digest", "");
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            firstDigestRun = EndToEnd.parse(run.body());
        }
        return firstDigestRun;
    }

    private static List<JsonNode> directMessages(String user) {
        List<JsonNode> messages = new ArrayList<>();
        e2e.get("/_sandbox/slack/dms?user=" + user).path("messages").forEach(messages::add);
        return messages;
    }

    /** Alice's direct messages that offer a Request button: her digests. */
    private static long digests() {
        return directMessages(LocalControlPlane.ALICE_SLACK).stream()
                .filter(message -> !message.path("requestButtons").isEmpty()).count();
    }

    private static HttpResponse<String> requestForm(String user, String domain, String justification) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("user", user).put("domain", domain).put("justification", justification);
        return post("/_sandbox/slack/request-form", body.toString());
    }

    private static HttpResponse<String> post(String path, String json) {
        return e2e.send(HttpRequest.newBuilder(e2e.url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static List<JsonNode> requestsFor(String target) {
        List<JsonNode> found = new ArrayList<>();
        e2e.get("/api/requests?limit=100").path("items").forEach(request -> {
            if (request.path("target").asText().equals(target)) {
                found.add(request);
            }
        });
        return found;
    }

    private static boolean channelMentions(String text) {
        return e2e.slack().messagesIn(LocalControlPlane.CHANNEL).stream().anyMatch(m -> m.allText().contains(text));
    }

    @Test
    void thePersonsDigestOffersARequestPerHostAndTheButtonSubmitsTheirRequestWithItsApprovalsCard() {
        assertThat(digestRun().path("function").asText()).isEqualTo("alert-ingest");
        assertThat(digestRun().path("result").path("digestsSent").asInt()).isGreaterThanOrEqualTo(1);
        List<JsonNode> dms = directMessages(LocalControlPlane.ALICE_SLACK);
        assertThat(dms).isNotEmpty();
        JsonNode digest = dms.get(0);
        assertThat(digest.path("text").asText()).contains("refused");
        assertThat(digest.path("requestButtons").findValuesAsText("host")).contains(CDN, XET, IDLE, PASTE);
        assertThat(digest.path("requestButtons")).anySatisfy(button -> {
            assertThat(button.path("host").asText()).isEqualTo(CDN);
            assertThat(button.path("value").asText()).isEqualTo(WILDCARD);
        });
        assertThat(e2e.slack().directMessagesTo(LocalControlPlane.ALICE_SLACK).get(0)
                .hasButton(ActionIds.REQUEST_BLOCKED, WILDCARD)).isTrue();

        HttpResponse<String> submitted = requestForm(LocalControlPlane.ALICE_SLACK, CDN, "model weights for the demo");

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        JsonNode shown = EndToEnd.parse(submitted.body());
        assertThat(shown.path("submitted").asBoolean()).isTrue();
        assertThat(shown.path("domain").asText()).as("the form pre-filled with the button's value").isEqualTo(WILDCARD);
        assertThat(shown.path("host").asText()).isEqualTo(CDN);
        assertThat(requestsFor(WILDCARD)).singleElement().satisfies(request -> {
            assertThat(request.path("status").asText()).isEqualTo("PENDING");
            assertThat(request.path("requester").path("principal").asText())
                    .isEqualTo("slack:" + LocalControlPlane.ALICE_SLACK);
            assertThat(request.path("justification").asText()).isEqualTo("model weights for the demo");
            String id = request.path("id").asText();
            assertThat(shown.path("text").asText()).contains(id, WILDCARD);
            assertThat(e2e.card(id).hasButton(ActionIds.APPROVE, id)).isTrue();
        });
    }

    @Test
    void aSecondDigestWithinTheIntervalIsNotSentSoTheNewHostHasNoButton() {
        digestRun();
        long before = digests();
        e2e.traffic(ALICE, "late.digest-late.org", 1);

        HttpResponse<String> again = post("/_sandbox/run/digest", "");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(EndToEnd.parse(again.body()).path("result").path("digestsSent").asInt()).isZero();
        assertThat(digests()).isEqualTo(before);
        HttpResponse<String> none = requestForm(LocalControlPlane.ALICE_SLACK, "late.digest-late.org", "needed");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(EndToEnd.parse(none.body()).path("detail").asText())
                .contains("POST /_sandbox/traffic", "POST /_sandbox/run/digest", "bin/egress blocked");
        assertThat(requestsFor("late.digest-late.org")).isEmpty();
    }

    @Test
    void aDomainThePolicyDeniesIsShownUnderTheDomainFieldAndNothingIsCreated() {
        digestRun();

        HttpResponse<String> refused = requestForm(LocalControlPlane.ALICE_SLACK, PASTE, "share snippets");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = EndToEnd.parse(refused.body());
        assertThat(problem.path("submitted").asBoolean(true)).isFalse();
        assertThat(problem.path("errors").path("domain").asText()).contains("Not submitted", "paste-sites");
        assertThat(problem.path("detail").asText()).contains("paste-sites");
        assertThat(requestsFor(PASTE)).isEmpty();
        assertThat(channelMentions(PASTE)).isFalse();
    }

    @Test
    void anotherPersonAnUnknownUserAnUnknownDomainOrNoJustificationIsRefusedAndNothingIsCreated() {
        digestRun();
        int formsBefore = e2e.slack().openedViews().size();

        HttpResponse<String> otherPerson = requestForm(LocalControlPlane.APPROVER_1, IDLE, "not mine");
        HttpResponse<String> unknownUser = requestForm("U0NOBODY001", IDLE, "who");
        HttpResponse<String> unknownDomain = requestForm(LocalControlPlane.ALICE_SLACK, "never.digest-idle.org", "x");
        HttpResponse<String> noJustification = requestForm(LocalControlPlane.ALICE_SLACK, IDLE, "   ");
        HttpResponse<String> tooLong = requestForm(LocalControlPlane.ALICE_SLACK, IDLE, "x".repeat(1_001));
        HttpResponse<String> notJson = post("/_sandbox/slack/request-form", "[1]");
        HttpResponse<String> noUser = e2e.send(HttpRequest.newBuilder(e2e.url("/_sandbox/slack/dms")).GET());

        assertThat(otherPerson.statusCode()).isEqualTo(404);
        assertThat(EndToEnd.parse(otherPerson.body()).path("detail").asText())
                .contains("no direct message to " + LocalControlPlane.APPROVER_1, IDLE);
        assertThat(unknownUser.statusCode()).isEqualTo(400);
        assertThat(EndToEnd.parse(unknownUser.body()).path("detail").asText()).contains(LocalControlPlane.ALICE_SLACK);
        assertThat(unknownDomain.statusCode()).isEqualTo(404);
        assertThat(noJustification.statusCode()).isEqualTo(400);
        assertThat(EndToEnd.parse(noJustification.body()).path("detail").asText()).contains("'justification'");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(noUser.statusCode()).isEqualTo(400);
        assertThat(e2e.slack().openedViews()).as("no form opened").hasSize(formsBefore);
        assertThat(requestsFor(IDLE)).isEmpty();
        assertThat(channelMentions(IDLE)).isFalse();
    }

    @Test
    void anotherPersonsDirectMessagesAreTheirOwn() {
        digestRun();

        assertThat(directMessages(LocalControlPlane.APPROVER_2)).allSatisfy(message ->
                assertThat(message.path("requestButtons")).isEmpty());
        assertThat(directMessages(LocalControlPlane.ALICE_SLACK)).allSatisfy(message ->
                assertThat(message.path("channel").asText()).isEqualTo("D" + Testbed.ALICE_SLACK.substring(1)));
    }
}
