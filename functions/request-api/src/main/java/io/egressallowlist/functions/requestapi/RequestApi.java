package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.blocked.CallerSources;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.logging.JsonLog;

import java.util.EnumMap;
import java.util.Map;

/**
 * The request API: its {@link Resources}, and every {@link Route} bound to the resource method that answers
 * it. A route's parameters are read by the one {@link Parameters} parser; every refusal is a {@link Problem}.
 * Each call also notes which Studio user profile called from which address ({@link CallerSources}), so that the
 * firewall's blocked attempts from that address can be shown to that person.
 */
final class RequestApi {

    private final JsonBodies bodies = new JsonBodies();
    private final Map<Route, Operation> operations = new EnumMap<>(Route.class);
    private final CallerResolver callers;
    private final CallerSources sources;
    private final JsonLog log = JsonLog.of(RequestApi.class);

    /** The resources over the parts of {@code plane} they read and write. */
    RequestApi(ControlPlane plane, ObjectMapper json) {
        Representations representations = new Representations(json);
        this.callers = plane.callerResolver();
        this.sources = plane.blocked().callerSources();
        Resources resources = new Resources(
                new RequestsResource(plane.requestService(), plane.requests(), plane.callerResolver(),
                        plane.requestAnnouncer(), representations),
                new VersionsResource(plane.allowlistQueries(), representations),
                new AllowlistResource(plane.allowlistQueries(), representations),
                new BlockedResource(plane.blocked().queries(), plane.callerResolver(), plane.clock(),
                        plane.config().blockedRetention(), representations),
                new OpenApiResource());
        for (Route route : Route.values()) {
            operations.put(route, route.operation(resources));
        }
    }

    Reply handle(Route route, Map<String, String> pathParameters, ApiCall call, String principal) {
        noteSource(principal, call);
        return operations.get(route).answer(new Parameters(call, pathParameters, principal, bodies));
    }

    /**
     * API Gateway gives each call's source address ({@code requestContext.identity.sourceIp}: the address of the
     * connection to the endpoint, which for a private API reached through the VPC's interface endpoint is the
     * caller's own address in the VPC, the one a Studio app also sends its internet traffic from). Noting it must
     * never fail or delay the answer beyond one write: a failure is logged and the call goes on.
     */
    private void noteSource(String principal, ApiCall call) {
        try {
            sources.called(callers.resolve(principal).studio(), call.sourceIp());
        } catch (RuntimeException e) {
            log.warn("the caller's source address could not be noted", "requestId", call.requestId(),
                    "error", e.getClass().getSimpleName(), "errorMessage", e.getMessage());
        }
    }

    /** SnapStart priming: the strict body reader on a sample submit body; nothing is stored. */
    void primeBodies() {
        bodies.read("{\"domain\":\"huggingface.co\",\"justification\":\"priming\"}", JsonBodies.SubmitBody.class,
                JsonBodies.SubmitBody.FIELDS);
    }
}
