package io.egressallowlist.functions.requestapi;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The API as a table: method and path template, the operation id openapi.yaml gives it, and the resource
 * method that answers it. The router matches these rows, the OpenAPI test compares them with openapi.yaml,
 * and {@link RequestApi} binds each to its resource. A new resource is a component of {@link Resources} and
 * rows here. Path parameter names follow API Gateway's rule that sibling resources share one parameter name
 * ({@code /versions/{number}} and {@code /versions/{number}/diff/{other}}).
 */
enum Route {
    // requests: ask for a domain, follow, withdraw and revoke requests, ask for a rollback
    SUBMIT_REQUEST("POST", "/requests", "submitRequest", api -> api.requests()::submit),
    LIST_REQUESTS("GET", "/requests", "listRequests", api -> api.requests()::list),
    GET_REQUEST("GET", "/requests/{id}", "getRequest", api -> api.requests()::get),
    WITHDRAW_REQUEST("DELETE", "/requests/{id}", "withdrawRequest", api -> api.requests()::withdraw),
    REVOKE_REQUEST("POST", "/requests/{id}/revoke", "revokeRequest", api -> api.requests()::revoke),
    // allow-list: what is allowed now
    GET_ALLOWLIST("GET", "/allowlist", "getAllowlist", api -> api.allowlist()::current),
    CHECK_DOMAIN("GET", "/allowlist/check", "checkDomain", api -> api.allowlist()::check),
    // versions: the history of the allow-list, and asking to go back to one of them
    LIST_VERSIONS("GET", "/versions", "listVersions", api -> api.versions()::list),
    GET_VERSION("GET", "/versions/{number}", "getVersion", api -> api.versions()::get),
    DIFF_VERSIONS("GET", "/versions/{number}/diff/{other}", "diffVersions", api -> api.versions()::diff),
    REQUEST_ROLLBACK("POST", "/versions/{number}/rollback", "requestRollback", api -> api.requests()::rollback),
    // blocked attempts: what the firewall refused, to turn into requests
    LIST_BLOCKED("GET", "/blocked", "listBlocked", api -> api.blocked()::list),
    // the audit trail: who did what, when (approvers and operators)
    LIST_AUDIT("GET", "/audit", "listAuditRecords", api -> api.audit()::list),
    VERIFY_AUDIT("GET", "/audit/verify", "verifyAuditChain", api -> api.auditChain()::verify),
    // scopes: the allow-lists of the deployment
    LIST_SCOPES("GET", "/scopes", "listScopes", api -> api.scopes()::list),
    REQUEST_MODE_CHANGE("POST", "/scopes/{name}/mode", "requestModeChange", api -> api.scopes()::requestModeChange),
    // the contract itself
    GET_OPENAPI("GET", "/openapi.yaml", "getOpenApiDocument", api -> api.document()::get);

    private final String method;
    private final String template;
    private final String operationId;
    private final Function<Resources, Operation> operation;
    private final List<String> segments;

    Route(String method, String template, String operationId, Function<Resources, Operation> operation) {
        this.method = method;
        this.template = template;
        this.operationId = operationId;
        this.operation = operation;
        this.segments = List.of(template.substring(1).split("/"));
    }

    String method() {
        return method;
    }

    /** The API Gateway resource path, e.g. {@code /requests/{id}}. */
    String template() {
        return template;
    }

    String operationId() {
        return operationId;
    }

    /** The method of {@code resources} that answers this route. */
    Operation operation(Resources resources) {
        return operation.apply(resources);
    }

    /** Whether the route takes a JSON body. */
    boolean hasBody() {
        return method.equals("POST");
    }

    /** The path parameters if {@code pathSegments} fits this route's template, else null. */
    Map<String, String> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return null;
        }
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String actual = pathSegments.get(i);
            if (expected.startsWith("{")) {
                if (actual.isEmpty()) {
                    return null;
                }
                parameters.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return null;
            }
        }
        return parameters;
    }
}
