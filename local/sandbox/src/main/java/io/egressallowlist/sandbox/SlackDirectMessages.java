package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.slack.OpenedView;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.shared.slack.RequestForm;
import io.egressallowlist.testbed.Testbed;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A person's direct messages in the Slack stand-in, and what they do with a digest of blocked attempts there: they
 * click its Request button for a host, which has the app open the request form ({@code views.open} with the click's
 * trigger), type the justification and submit the form. Both requests reach the Slack route signed exactly as Slack
 * sends them; the answer is what Slack would show: the form's errors under their fields, or the confirmation that
 * replaced it.
 */
final class SlackDirectMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A digest's Request button: the host its line names and the entry it requests (the button's value). */
    record RequestButton(RecordedMessage message, String host, String value) {

        boolean matches(String domain) {
            String wanted = domain.strip().toLowerCase(Locale.ROOT);
            return value.toLowerCase(Locale.ROOT).equals(wanted) || host.toLowerCase(Locale.ROOT).equals(wanted);
        }
    }

    private final SlackWebApiDouble slack;
    private final SlackUser users;
    private final List<Testbed.Person> people;

    SlackDirectMessages(SlackWebApiDouble slack, SlackUser users, List<Testbed.Person> people) {
        this.slack = slack;
        this.users = users;
        this.people = List.copyOf(people);
    }

    /** {@code GET /_sandbox/slack/dms?user=U…}: the user's direct messages, newest first, with their Request buttons. */
    JsonNode list(String user) {
        String person = person(user);
        ObjectNode answer = JSON.createObjectNode().put("user", person);
        ArrayNode messages = answer.putArray("messages");
        List<RecordedMessage> theirs = new ArrayList<>(slack.directMessagesTo(person));
        for (int i = theirs.size() - 1; i >= 0; i--) {
            RecordedMessage message = theirs.get(i);
            ObjectNode node = messages.addObject().put("channel", message.channel()).put("ts", message.ts())
                    .put("text", message.text()).put("edits", message.edits());
            node.set("blocks", message.blocks());
            ArrayNode buttons = node.putArray("requestButtons");
            requestButtons(message).forEach(b -> buttons.addObject().put("host", b.host()).put("value", b.value()));
        }
        return answer;
    }

    /**
     * {@code POST /_sandbox/slack/request-form} {@code {"user","domain","justification"}}: the user's newest digest
     * with a Request button for {@code domain} (the button's value or the host its line names), clicked, and the form
     * it opened submitted with the justification and the domain as pre-filled.
     */
    JsonNode requestForm(JsonNode body) {
        String user = person(body.path("user").asText(""));
        String domain = required(body, "domain");
        if (domain.length() > RequestForm.MAX_DOMAIN) {
            throw SandboxProblem.badRequest("'domain' has at most " + RequestForm.MAX_DOMAIN + " characters");
        }
        String justification = justification(body);
        RequestButton button = newestButton(user, domain).orElseThrow(() -> noDigest(user, domain));

        SignedSlackRequest click = users.clickOn(user, button.message(), ActionIds.REQUEST_BLOCKED, button.value());
        SlackUser.Delivery clicked = delivered(click, "the click on Request");
        String trigger = payload(click).path("trigger_id").asText();
        OpenedView form = slack.openedViews().stream().filter(view -> view.triggerId().equals(trigger)).findFirst()
                .orElseThrow(() -> new SandboxProblem(409, "The request form did not open",
                        "Slack showed " + user + ": " + replyText(clicked.body())));

        SlackUser.Delivery submitted = delivered(users.submitView(user, form.id(),
                Map.of(RequestForm.JUSTIFICATION_BLOCK, justification)), "the form's submission");
        return shown(user, button, form, submitted.body());
    }

    /** The Slack answer to the submission as Slack shows it: the confirmation, or the errors under the fields. */
    private static JsonNode shown(String user, RequestButton button, OpenedView form, String answer) {
        JsonNode reply = parse(answer);
        ObjectNode facts = JSON.createObjectNode().put("user", user).put("host", button.host())
                .put("domain", form.initialValue(RequestForm.DOMAIN_BLOCK)).put("viewId", form.id());
        String action = reply.path("response_action").asText("");
        if (action.equals("errors")) {
            String errors = fields(reply.path("errors"));
            facts.put("submitted", false).set("errors", reply.path("errors"));
            throw new SandboxProblem(422, "Not submitted", "Slack shows under the form's fields: " + errors, facts);
        }
        if (!action.equals("update")) {
            throw new SandboxProblem(502, "The request form closed without an answer",
                    "slack-interactions answered the submission with: " + answer);
        }
        return facts.put("submitted", true).put("text", text(reply.path("view").path("blocks")));
    }

    private SlackUser.Delivery delivered(SignedSlackRequest request, String what) {
        SlackUser.Delivery delivery = users.deliver(request);
        if (delivery.status() != 200) {
            throw new SandboxProblem(502, "Slack's request was not accepted", "slack-interactions answered " + what
                    + " with HTTP " + delivery.status() + ": " + delivery.body());
        }
        return delivery;
    }

    private Optional<RequestButton> newestButton(String user, String domain) {
        List<RecordedMessage> theirs = slack.directMessagesTo(user);
        for (int i = theirs.size() - 1; i >= 0; i--) {
            Optional<RequestButton> button = requestButtons(theirs.get(i)).stream().filter(b -> b.matches(domain))
                    .findFirst();
            if (button.isPresent()) {
                return button;
            }
        }
        return Optional.empty();
    }

    /**
     * The Request buttons of a digest: each is the accessory of the section of its host, whose text opens with the
     * host in a code span, escaped for Slack ({@code BlockedDigestMessages}).
     */
    static List<RequestButton> requestButtons(RecordedMessage message) {
        List<RequestButton> buttons = new ArrayList<>();
        for (JsonNode block : message.blocks()) {
            JsonNode accessory = block.path("accessory");
            if (accessory.path("action_id").asText().equals(ActionIds.REQUEST_BLOCKED)) {
                String value = accessory.path("value").asText("");
                buttons.add(new RequestButton(message, host(block.path("text").path("text").asText("")).orElse(value),
                        value));
            }
        }
        return buttons;
    }

    private static Optional<String> host(String sectionText) {
        int end = sectionText.indexOf('`', 1);
        if (!sectionText.startsWith("`") || end < 0) {
            return Optional.empty();
        }
        return Optional.of(sectionText.substring(1, end).replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&"));
    }

    private static SandboxProblem noDigest(String user, String domain) {
        return new SandboxProblem(404, "No Request button for that domain", "no direct message to " + user
                + " shows a Request button for '" + domain + "' (GET /_sandbox/slack/dms?user=" + user + " lists them)."
                + " A digest reaches the person whose Studio app was refused: call the API once from the app (e.g."
                + " `bin/egress blocked`), send its traffic (POST /_sandbox/traffic with {\"profile\":"
                + "\"alice-data-scientist\",\"domain\":\"<host>\"}), then run the digest schedule (POST"
                + " /_sandbox/run/digest); a person gets at most one digest per DIGEST_INTERVAL (1 hour by default),"
                + " and a host already allowed or with an open request has no button.");
    }

    /** A Slack user of the sandbox: 400 naming them otherwise. */
    private String person(String user) {
        String id = user == null ? "" : user.strip();
        if (people.stream().anyMatch(p -> p.slackId().equals(id))) {
            return id;
        }
        throw SandboxProblem.badRequest("'user' must be a Slack user of the sandbox: " + people.stream()
                .map(p -> p.slackId() + " (" + p.name() + ")").collect(Collectors.joining(", ")));
    }

    /** What Slack's form lets one type: required (at least one character that is not a space) and at most the limit. */
    private static String justification(JsonNode body) {
        String justification = required(body, "justification");
        if (justification.length() > RequestForm.MAX_JUSTIFICATION) {
            throw SandboxProblem.badRequest("'justification' has at most " + RequestForm.MAX_JUSTIFICATION
                    + " characters, as the form's field; it has " + justification.length());
        }
        return justification;
    }

    private static String required(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw SandboxProblem.badRequest("'" + field + "' is required (a non-empty string)");
        }
        return value.asText();
    }

    private static JsonNode payload(SignedSlackRequest request) {
        return parse(URLDecoder.decode(request.body().substring("payload=".length()), StandardCharsets.UTF_8));
    }

    private static String replyText(String body) {
        JsonNode reply = parse(body);
        return reply.has("text") ? reply.path("text").asText() : body;
    }

    private static String fields(JsonNode errors) {
        List<String> each = new ArrayList<>();
        errors.fields().forEachRemaining(field -> each.add(field.getKey() + ": " + field.getValue().asText()));
        return String.join("; ", each);
    }

    /** The text of a view's blocks, one block a line: what the person reads in the modal. */
    private static String text(JsonNode blocks) {
        List<String> lines = new ArrayList<>();
        for (JsonNode block : blocks) {
            if (block.path("text").path("text").isTextual()) {
                lines.add(block.path("text").path("text").asText());
            }
            block.path("fields").forEach(field -> lines.add(field.path("text").asText()));
            block.path("elements").forEach(element -> {
                if (element.path("text").isTextual()) {
                    lines.add(element.path("text").asText());
                }
            });
        }
        return String.join("\n", lines);
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = text == null || text.isEmpty() ? null : JSON.readTree(text);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }
}
