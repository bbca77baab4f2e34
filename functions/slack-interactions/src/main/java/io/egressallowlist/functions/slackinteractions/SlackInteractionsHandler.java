package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.egressallowlist.shared.config.AwsClients;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.config.SdkPriming;
import io.egressallowlist.shared.config.SnapStartPriming;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.slack.SlackClient;
import io.egressallowlist.shared.slack.SlackReply;
import io.egressallowlist.shared.slack.SlackRequests;
import io.egressallowlist.shared.slack.SlackSignatureVerifier;
import io.egressallowlist.shared.slack.ViewReply;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The public route of the Slack app (ARCHITECTURE §3, §8): button clicks, the {@code /egress} slash
 * command and submitted request forms, through API Gateway's Lambda proxy integration.
 *
 * <ol>
 *   <li>The signature is verified over the raw body (base64-decoded first when API Gateway says so)
 *       before anything is parsed; anything unsigned, stale or altered gets 401 and changes nothing.</li>
 *   <li>The body is parsed, and {@link Clicks}, {@link EgressCommands} or {@link RequestForms} turn it into a call
 *       to the approvals use case (which records the decision or the request and publishes its event) and its
 *       result into Slack's answer; a digest's Request button opens the request form first.</li>
 *   <li>The Slack messages that follow (the card showing who decided and when, the requester's direct
 *       message, ephemeral notes) run on a small pool while the answer is prepared, and the handler waits
 *       for them only until {@link #ACK_BUDGET} after the request arrived, with short Slack timeouts
 *       ({@link SlackClient.Settings#interactive()}). Slack needs the answer within 3 seconds; the budget
 *       leaves room for API Gateway and a SnapStart restore. A message still in flight at that point
 *       continues while the execution environment stays warm and is lost if it is frozen for good: the
 *       decision and its event are already stored, and the firewall update later tells the requester and
 *       updates the card again ({@link FollowUps}).</li>
 * </ol>
 *
 * <p>Configuration: what {@link io.egressallowlist.shared.config.EnvKey} says slack-interactions reads; it
 * refuses to start without the Slack secrets, the approvals channel and the rule group (whose version log
 * answers {@code /egress check}).
 */
public final class SlackInteractionsHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** How long after a request arrives the answer goes back, at the latest, when Slack is slow. */
    public static final Duration ACK_BUDGET = Duration.ofMillis(1500);

    private final SlackSignatureVerifier verifier;
    private final SlackRequests parser;
    private final Clicks clicks;
    private final EgressCommands commands;
    private final RequestForms forms;
    private final FollowUps followUps;
    private final JsonLog log = JsonLog.of(SlackInteractionsHandler.class);
    private final SnapStartPriming priming;

    /** Used by Lambda: configuration from the environment. */
    public SlackInteractionsHandler() {
        this(ControlPlaneConfig.fromEnvironment());
    }

    /** Used by the local sandbox, with endpoints pointing at dynalite, the emulators and the Slack stand-in. */
    public SlackInteractionsHandler(ControlPlaneConfig config) {
        this(config, Clock.systemUTC(), ACK_BUDGET);
    }

    /** For tests: a clock of their own and the time to wait for the follow-up messages. */
    public SlackInteractionsHandler(ControlPlaneConfig config, Clock clock, Duration ackBudget) {
        // The SDK clients are built on a second thread while the set-up below that needs none of them runs here
        // (AwsClients.buildInBackground); the use case further down waits for them.
        ControlPlane plane = ControlPlane.builder(FunctionNames.SLACK_INTERACTIONS, config).clock(clock).build()
                .buildInBackground(AwsClients::dynamo, AwsClients::eventBridge);
        this.verifier = plane.slackSignatureVerifier();
        this.parser = new SlackRequests();
        this.followUps = new FollowUps(ackBudget, log);
        this.clicks = new Clicks(plane.approvals(), plane.clickReplies(), plane.requestForm());
        this.commands = new EgressCommands(plane.approvals(), plane.commandReplies(), plane.scopeQueries(), clock,
                JsonLog.of(EgressCommands.class));
        this.forms = new RequestForms(plane.approvals(), plane.requestForm(), plane.commandReplies(),
                JsonLog.of(RequestForms.class));
        // The verification, parsing and rendering paths on made-up data (Priming) and the SDK's request path up
        // to an HTTP client that refuses to send (SdkPriming); no network, no secrets.
        this.priming = SnapStartPriming.register(() -> {
            Priming.run(parser);
            new SdkPriming(config).dynamo().eventBridge().secretsManager();
        });
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        long arrived = System.nanoTime();
        String requestId = context == null ? null : context.getAwsRequestId();
        Map<String, String> headers = headers(event);
        byte[] raw;
        try {
            raw = rawBody(event);
        } catch (IllegalArgumentException e) {
            log.warn("Slack request refused", "reason", "BODY_NOT_BASE64", "requestId", requestId);
            return unauthorized();
        }
        Optional<SlackSignatureVerifier.Result.Rejected> rejected = verifier.verify(
                headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature"), raw)
                .match(new SlackSignatureVerifier.Result.Cases<>(verified -> Optional.empty(), Optional::of));
        if (rejected.isPresent()) {
            log.warn("Slack request refused", "reason", rejected.get().reason().name(), "requestId", requestId);
            return unauthorized();
        }
        return parser.parse(new String(raw, StandardCharsets.UTF_8)).match(new SlackRequests.Result.Cases<>(
                parsed -> answer(parsed.interaction(), arrived, requestId),
                malformed -> {
                    log.warn("Signed Slack request not understood", "problem", malformed.message(),
                            "requestId", requestId);
                    return json(400, JsonNodeFactory.instance.objectNode().put("error", malformed.message()).toString());
                }));
    }

    private APIGatewayProxyResponseEvent answer(SlackRequests.Interaction interaction, long arrived, String requestId) {
        return interaction.match(new SlackRequests.Interaction.Cases<>(
                action -> reply(() -> clicks.answer(action), arrived, requestId),
                command -> reply(() -> commands.answer(command), arrived, requestId),
                submission -> respond(() -> forms.submit(submission), arrived, requestId),
                unsupported -> {
                    log.info("Slack interaction type not used by this app; acknowledged", "type", unsupported.type(),
                            "requestId", requestId);
                    return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("");
                }));
    }

    private APIGatewayProxyResponseEvent reply(Supplier<SlackReply> work, long arrived, String requestId) {
        return respond(() -> {
            SlackReply reply = work.get();
            return new ViewReply(reply.toResponse(), reply.followUps());
        }, arrived, requestId);
    }

    private APIGatewayProxyResponseEvent respond(Supplier<ViewReply> work, long arrived, String requestId) {
        ViewReply reply;
        try {
            reply = work.get();
        } catch (RuntimeException e) {
            // Slack shows a non-200 answer as a bare failure; tell the user in words instead. Every decision is a
            // conditional write, so trying again is safe.
            log.error("Slack interaction failed", "exception", e.getClass().getSimpleName(), "message", e.getMessage(),
                    "requestId", requestId);
            return json(200, SlackReply.couldNotComplete().toResponse());
        }
        followUps.run(reply.followUps(), arrived, requestId);
        return json(200, reply.body());
    }

    // ---- API Gateway --------------------------------------------------------------------------------

    /** Header names are case-insensitive (aws-api-notes §3, §5); single- and multi-value maps are merged. */
    static Map<String, String> headers(APIGatewayProxyRequestEvent event) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((name, values) -> {
                if (name != null && values != null && !values.isEmpty()) {
                    headers.put(name, values.get(0));
                }
            });
        }
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> {
                if (name != null && value != null) {
                    headers.put(name, value);
                }
            });
        }
        return headers;
    }

    /** The body exactly as Slack sent it. */
    static byte[] rawBody(APIGatewayProxyRequestEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        return Boolean.TRUE.equals(event.getIsBase64Encoded())
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    private static APIGatewayProxyResponseEvent unauthorized() {
        return json(401, "{\"error\":\"The request is not signed by Slack, or not recently.\"}");
    }

    private static APIGatewayProxyResponseEvent json(int status, String body) {
        return new APIGatewayProxyResponseEvent().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json; charset=utf-8"))
                .withBody(body);
    }

    /** The SnapStart priming, for tests. */
    SnapStartPriming priming() {
        return priming;
    }
}
