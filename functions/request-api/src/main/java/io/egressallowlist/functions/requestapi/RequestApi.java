package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.domain.BlockedAttempt;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The request API: its {@link Resources}, and every {@link Route} bound to the resource method that answers
 * it. A route's parameters are read by the one {@link Parameters} parser; every refusal is a {@link Problem}.
 */
final class RequestApi {

    private final JsonBodies bodies = new JsonBodies();
    private final Map<Route, Operation> operations = new EnumMap<>(Route.class);

    /** The resources over the parts of {@code plane} they read and write. */
    RequestApi(ControlPlane plane, ObjectMapper json) {
        Representations representations = new Representations(json);
        ScopeReads scopes = new ScopeReads(plane.scopeQueries(), plane.callerResolver());
        RequestsResource requests = new RequestsResource(plane.requestService(), plane.requests(),
                plane.callerResolver(), plane.requestAnnouncer(), new Revocations(plane::approvals,
                plane.requestAnnouncer(), representations), scopes, representations);
        // What a learning scope recorded, over the whole retention: what switching it to enforce would block.
        Supplier<List<BlockedAttempt>> learnt = () -> plane.blocked().attempts()
                .since(plane.clock().instant().minus(plane.config().blockedRetention()));
        Resources resources = new Resources(requests,
                new VersionsResource(scopes, representations),
                new AllowlistResource(scopes, representations),
                new BlockedResource(plane.blocked().queries(), plane.callerResolver(), scopes, plane.clock(),
                        plane.config().blockedRetention(), representations),
                new AuditResource(plane.auditQueries(), plane.callerResolver(), scopes, plane.clock(),
                        representations),
                new AuditChainResource(plane.auditQueries(), plane.callerResolver(), representations),
                new ScopesResource(scopes, requests, learnt, representations), new OpenApiResource());
        for (Route route : Route.values()) {
            operations.put(route, route.operation(resources));
        }
    }

    Reply handle(Route route, Map<String, String> pathParameters, ApiCall call, String principal) {
        return operations.get(route).answer(new Parameters(call, pathParameters, principal, bodies));
    }

    /** SnapStart priming: the strict body reader on a sample submit body; nothing is stored. */
    void primeBodies() {
        bodies.read("{\"domain\":\"huggingface.co\",\"justification\":\"priming\"}", JsonBodies.SubmitBody.class,
                JsonBodies.SubmitBody.FIELDS);
    }
}
