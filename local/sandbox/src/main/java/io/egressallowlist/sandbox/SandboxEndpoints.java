package io.egressallowlist.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.slack.ActionIds;

import io.egressallowlist.testbed.Testbed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's own routes: the web page, its state, acting as Slack — a click or a slash command
 * by a given Slack user is signed by the stand-in exactly as Slack would and delivered to the Slack route, as is
 * a request made from a digest in a person's direct messages ({@link SlackDirectMessages}) — running a schedule now,
 * sending a workload's traffic through the firewall ({@link SandboxTraffic}), and asking what the firewall would do
 * with a connection ({@link FirewallVerdicts}).
 */
final class SandboxEndpoints {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACTIONS = ActionIds.ALL;
    /** The page ({@code /}) and the script it loads: the only files the front serves outside its routes. */
    private static final Map<String, PageFile> PAGE_FILES = Map.of(
            "/", new PageFile("/sandbox-ui/index.html", "text/html; charset=utf-8"),
            "/slack-markup.js", new PageFile("/sandbox-ui/slack-markup.js", "text/javascript; charset=utf-8"));

    private record PageFile(String resource, String contentType) {
    }

    private final LocalControlPlane plane;
    private final SlackDirectMessages directMessages;
    private final FirewallVerdicts verdicts;

    SandboxEndpoints(LocalControlPlane plane) {
        this.plane = plane;
        this.directMessages = new SlackDirectMessages(plane.slack(), plane.slackUser(), plane.testbed().people());
        this.verdicts = new FirewallVerdicts(plane.testbed());
    }

    void page(HttpExchange exchange) throws IOException {
        PageFile file = PAGE_FILES.get(exchange.getRequestURI().getPath());
        try (exchange; InputStream page = file == null ? null : SandboxEndpoints.class.getResourceAsStream(file.resource())) {
            if (page == null) {
                ApiGatewayFront.reply(exchange, 404, Map.of("Content-Type", "text/plain"), "not found");
                return;
            }
            ApiGatewayFront.reply(exchange, 200, Map.of("Content-Type", file.contentType(), "X-Content-Type-Options", "nosniff",
                    "Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'"),
                    new String(page.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            try {
                JsonNode answer = switch (route) {
                    case "GET /_sandbox/state" -> state();
                    case "POST /_sandbox/slack/click" -> click(body(exchange));
                    case "POST /_sandbox/slack/command" -> command(body(exchange));
                    case "GET /_sandbox/slack/dms" -> directMessages.list(query(exchange, "user"));
                    case "POST /_sandbox/slack/request-form" -> directMessages.requestForm(body(exchange));
                    case "POST /_sandbox/traffic" -> plane.traffic().send(body(exchange));
                    case "POST /_sandbox/traffic/redeliver" -> plane.traffic().redeliver();
                    case "GET /_sandbox/firewall/verdict" -> verdicts.verdict(query(exchange, "source"),
                            query(exchange, "host"), query(exchange, "protocol"));
                    default -> route.startsWith("POST /_sandbox/run/") ? run(route.substring("POST /_sandbox/run/".length()))
                            : null;
                };
                if (answer == null) {
                    json(exchange, 404, JSON.createObjectNode().put("error", "no sandbox route " + route));
                } else {
                    json(exchange, 200, answer);
                }
            } catch (SandboxProblem e) {
                json(exchange, e.status(), e.body());
            } catch (SandboxTraffic.UnknownProfile e) {
                json(exchange, 404, JSON.createObjectNode().put("title", "No such profile")
                        .put("detail", e.getMessage()).put("error", e.getMessage()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                json(exchange, 400, JSON.createObjectNode().put("title", "Sandbox request refused")
                        .put("detail", e.getMessage()).put("error", e.getMessage()));
            }
        }
    }

    private JsonNode state() {
        ObjectNode state = JSON.createObjectNode().put("channel", LocalControlPlane.CHANNEL);
        ArrayNode messages = state.putArray("messages");
        for (RecordedMessage message : plane.slack().messages()) {
            ObjectNode node = messages.addObject()
                    .put("channel", message.channel()).put("ts", message.ts()).put("text", message.text())
                    .put("edits", message.edits()).put("ephemeralUser", message.ephemeralUser())
                    .put("dmUser", message.dmUser());
            node.set("blocks", message.blocks());
        }
        state.set("users", JSON.valueToTree(plane.users()));
        // Whom the page asks for the audit trail as: a session of the operators' role (OPERATOR_PRINCIPALS).
        state.put("auditReader", Testbed.OPERATOR_ARN);
        return state;
    }

    private JsonNode click(JsonNode body) {
        String action = text(body, "action");
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action must be one of " + ACTIONS);
        }
        SlackWebApiDouble slack = plane.slack();
        String requestId = text(body, "requestId");
        String button = buttonFor(slack, requestId, action);
        if (slack.messageWithButton(button, requestId).isEmpty()) {
            throw new IllegalArgumentException("no message in the channel shows a '" + button + "' button for request "
                    + requestId + "; list the pending requests with: egress list --status PENDING");
        }
        SignedSlackRequest signed = plane.slackUser().click(text(body, "user"), requestId, button);
        return delivery(plane.slackUser().deliver(signed));
    }

    /**
     * The button to click for an action: a rollback's card shows "approve-rollback" where a domain request's
     * shows "approve", so "approve" (what the CLI and a person say) means whichever Approve button the card has.
     */
    private static String buttonFor(SlackWebApiDouble slack, String requestId, String action) {
        boolean rollbackCard = slack.messageWithButton(ActionIds.APPROVE, requestId).isEmpty()
                && slack.messageWithButton(ActionIds.APPROVE_ROLLBACK, requestId).isPresent();
        return action.equals(ActionIds.APPROVE) && rollbackCard ? ActionIds.APPROVE_ROLLBACK : action;
    }

    private JsonNode command(JsonNode body) {
        SlackUser user = plane.slackUser();
        return delivery(user.deliver(user.slashCommand(text(body, "user"), text(body, "text"))));
    }

    /** Runs a schedule now and answers once it has run, with the function's summary: the next call sees its effect. */
    private JsonNode run(String schedule) {
        EventRoutes.Schedule chosen = EventRoutes.SCHEDULES.stream().filter(s -> s.name().equals(schedule)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no schedule named " + schedule + "; one of "
                        + EventRoutes.SCHEDULES.stream().map(EventRoutes.Schedule::name).toList()));
        Map<String, Object> result;
        try {
            result = plane.router().invoke(chosen.function(), EventRouter.scheduledEvent(chosen));
        } catch (Exception e) {
            throw new SandboxProblem(502, "The scheduled run failed", chosen.function() + " failed on the "
                    + chosen.name() + " schedule: " + e.getMessage());
        }
        ObjectNode answer = JSON.createObjectNode().put("fired", chosen.name()).put("function", chosen.function());
        answer.set("result", JSON.valueToTree(result));
        return answer;
    }

    private static JsonNode delivery(SlackUser.Delivery delivery) {
        ObjectNode answer = JSON.createObjectNode().put("status", delivery.status());
        try {
            JsonNode reply = JSON.readTree(delivery.body());
            answer.put("text", reply.path("text").asText(delivery.body()));
            answer.put("outcome", reply.path("egress_outcome").asText("done"));
        } catch (IOException | RuntimeException notJson) {
            answer.put("text", delivery.body());
        }
        return answer;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(64 * 1024);
        JsonNode node;
        try {
            node = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return node;
    }

    /** A query parameter's decoded value; {@code ""} when absent. */
    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static String text(JsonNode body, String field) {
        String value = body.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return value;
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        ApiGatewayFront.reply(exchange, status, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(body));
    }
}
