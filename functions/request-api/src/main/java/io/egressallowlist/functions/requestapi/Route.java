package io.egressallowlist.functions.requestapi;

import java.util.List;
import java.util.Map;

/**
 * The API's routes: the single table the router matches and the OpenAPI test compares with
 * openapi.yaml. Path parameter names follow API Gateway's rule that sibling resources share one
 * parameter name ({@code /versions/{number}} and {@code /versions/{number}/diff/{other}}).
 */
enum Route {
    SUBMIT_REQUEST("POST", "/requests", "submitRequest"),
    LIST_REQUESTS("GET", "/requests", "listRequests"),
    GET_REQUEST("GET", "/requests/{id}", "getRequest"),
    WITHDRAW_REQUEST("DELETE", "/requests/{id}", "withdrawRequest"),
    GET_ALLOWLIST("GET", "/allowlist", "getAllowlist"),
    CHECK_DOMAIN("GET", "/allowlist/check", "checkDomain"),
    LIST_VERSIONS("GET", "/versions", "listVersions"),
    GET_VERSION("GET", "/versions/{number}", "getVersion"),
    DIFF_VERSIONS("GET", "/versions/{number}/diff/{other}", "diffVersions"),
    REQUEST_ROLLBACK("POST", "/versions/{number}/rollback", "requestRollback"),
    GET_OPENAPI("GET", "/openapi.yaml", "getOpenApiDocument");

    private final String method;
    private final String template;
    private final String operationId;
    private final List<String> segments;

    Route(String method, String template, String operationId) {
        this.method = method;
        this.template = template;
        this.operationId = operationId;
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
