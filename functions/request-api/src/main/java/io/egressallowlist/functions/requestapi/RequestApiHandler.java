package io.egressallowlist.functions.requestapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.blocked.CallerSources;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;
import io.egressallowlist.shared.config.SdkPriming;
import io.egressallowlist.shared.config.SnapStartPriming;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.SnapshotIntegrityException;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The private request API (ARCHITECTURE §3): API Gateway REST proxy events in, JSON or RFC 9457
 * problems out. Thin: authenticate the caller, route, run the operation ({@link RequestApi}), and turn
 * anything that escapes into a problem that leaks nothing internal.
 *
 * <p>Everything is built once per container in the constructor (SnapStart snapshots it), by the composition
 * root ({@link ControlPlane}): SDK clients, stores, use cases.
 */
public final class RequestApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** Seconds a client should wait after a 503 before retrying. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final RequestApi api;
    private final CallerResolver callers;
    private final CallerSources callerSources;
    private final Router router = new Router();
    private final ObjectMapper json = new ObjectMapper();
    private final JsonLog log;
    private final SnapStartPriming priming;

    /** Used by Lambda: configuration from the environment. */
    public RequestApiHandler() {
        this(ControlPlaneConfig.fromEnvironment());
    }

    /** Used by the sandbox and tests: configuration from a map, pointing at local endpoints. */
    public RequestApiHandler(ControlPlaneConfig config) {
        this(config, null);
    }

    /** With a given notifier (tests use an in-memory one); {@code null} tells people through Slack. */
    public RequestApiHandler(ControlPlaneConfig config, Notifier notifier) {
        // Milliseconds: what the store keeps, so a request reads back exactly as it was answered.
        this(ControlPlane.builder(FunctionNames.REQUEST_API, config).notifier(notifier)
                .clock(Clock.tickMillis(ZoneOffset.UTC)).build());
    }

    private RequestApiHandler(ControlPlane plane) {
        this.log = JsonLog.of(RequestApiHandler.class);
        this.api = new RequestApi(plane, json);
        this.callers = plane.callerResolver();
        this.callerSources = plane.blocked().callerSources();
        ControlPlaneConfig config = plane.config();
        // This function's code paths on fixed samples (routing, JSON bodies, domain names) and the SDK's request path.
        this.priming = SnapStartPriming.register(() -> {
            router.route("POST", "/requests", "/requests", Map.of());
            router.route("GET", "/allowlist/check", "/allowlist/check", Map.of());
            api.primeBodies();
            try {
                json.writeValueAsString(json.readTree("{\"domain\":\"huggingface.co\",\"justification\":\"priming\"}"));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            DomainName.parse("huggingface.co");
            new SdkPriming(config).dynamo().eventBridge().sageMaker().secretsManager();
        });
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        long started = System.nanoTime();
        ApiCall call = new ApiCall(event, context);
        String operation = null;
        APIGatewayProxyResponseEvent response;
        try {
            String principal = call.principal().orElseThrow(() -> Problem.of(Problem.Type.AUTHENTICATION_REQUIRED,
                    "The private API requires IAM authentication (SigV4); the call carried no IAM identity.")
                    .exception());
            Router.Result.Matched matched = router.route(call.method(), call.resource(), call.path(),
                    call.pathParameters()).match(new Router.Result.Cases<>(found -> found, notAllowed -> {
                        throw Problem.of(Problem.Type.METHOD_NOT_ALLOWED, call.method() + " is not allowed here; use "
                                + String.join(", ", notAllowed.allowed()) + ".")
                                .withHeader("Allow", String.join(", ", notAllowed.allowed())).exception();
                    }, notFound -> {
                        throw Problem.of(Problem.Type.NOT_FOUND, "There is no operation " + call.method() + " "
                                + call.path() + "; GET /openapi.yaml describes the API.").exception();
                    }));
            operation = matched.route().operationId();
            recordSource(principal, call);
            response = toResponse(api.handle(matched.route(), matched.pathParameters(), call, principal));
        } catch (Problem.ProblemException e) {
            response = problem(e.problem(), call);
        } catch (SnapshotIntegrityException e) {
            log.error("a stored snapshot failed its integrity check", "requestId", call.requestId(),
                    "operation", operation, "version", e.version().value(), "errorMessage", e.getMessage());
            response = problem(Problem.of(Problem.Type.SNAPSHOT_INTEGRITY, "The stored snapshot of version "
                    + e.version() + " failed its integrity check (its SHA-256 does not match the one recorded with it),"
                    + " so it is not used; an operator must restore it before it can be read, compared or rolled back"
                    + " to.").with("version", e.version().value()), call);
        } catch (SdkException e) {
            log.error("an AWS call failed", "requestId", call.requestId(), "operation", operation,
                    "error", e.getClass().getSimpleName(), "errorMessage", e.getMessage());
            response = problem(Problem.of(Problem.Type.TEMPORARILY_UNAVAILABLE, "The request store is temporarily"
                    + " unavailable; retry in a few seconds (with the same Idempotency-Key, if you sent one).")
                    .withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)), call);
        } catch (RuntimeException e) {
            log.error("unexpected failure", "requestId", call.requestId(), "operation", operation,
                    "error", e.getClass().getName(), "errorMessage", e.getMessage());
            response = problem(Problem.of(Problem.Type.INTERNAL_ERROR, "The request could not be completed;"
                    + " quote the requestId when reporting it."), call);
        }
        log.info("handled", "requestId", call.requestId(), "method", call.method(), "path", call.path(),
                "operation", operation, "status", response.getStatusCode(), "principal", call.principal().orElse(null),
                "sourceIp", call.sourceIp(), "millis", (System.nanoTime() - started) / 1_000_000);
        return response;
    }

    /**
     * Notes the Studio user profile behind {@code principal} at the call's source address, so that blocked attempts
     * from that address can be shown to them (at most one write per caller and address per few minutes); a failure
     * here never fails the call.
     */
    private void recordSource(String principal, ApiCall call) {
        try {
            callerSources.called(callers.resolve(principal).studio(), call.sourceIp());
        } catch (RuntimeException e) {
            log.warn("caller source address not recorded", "requestId", call.requestId(),
                    "error", e.getClass().getSimpleName());
        }
    }

    private APIGatewayProxyResponseEvent toResponse(Reply reply) {
        Map<String, String> headers = baseHeaders(reply.contentType());
        headers.putAll(reply.headers());
        return new APIGatewayProxyResponseEvent().withStatusCode(reply.status()).withHeaders(headers)
                .withBody(reply.body()).withIsBase64Encoded(false);
    }

    private APIGatewayProxyResponseEvent problem(Problem problem, ApiCall call) {
        ObjectNode body = json.createObjectNode()
                .put("type", problem.type().uri())
                .put("title", problem.type().title())
                .put("status", problem.status())
                .put("detail", problem.detail());
        body.put("instance", call.path());
        body.put("requestId", call.requestId());
        problem.extensions().forEach((name, value) -> body.set(name, json.valueToTree(value)));
        Map<String, String> headers = baseHeaders("application/problem+json");
        headers.putAll(problem.headers());
        try {
            return new APIGatewayProxyResponseEvent().withStatusCode(problem.status()).withHeaders(headers)
                    .withBody(json.writeValueAsString(body)).withIsBase64Encoded(false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem could not be written", e);
        }
    }

    private static Map<String, String> baseHeaders(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        return headers;
    }

    /** The SnapStart priming, for tests. */
    SnapStartPriming priming() {
        return priming;
    }
}
