package io.egressallowlist.functions.requestapi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail}, plus extension
 * members ({@code field}, {@code reason}, {@code rule}…). The handler adds {@code instance} and
 * {@code requestId}. A detail names what was wrong with the input, never internal ARNs, table names or
 * stack traces.
 */
record Problem(int status, Type type, String detail, Map<String, Object> extensions, Map<String, String> headers) {

    /** The problem types of this API, documented in openapi.yaml. */
    enum Type {
        INVALID_REQUEST(400, "The request is not valid"),
        AUTHENTICATION_REQUIRED(403, "Authentication required"),
        FORBIDDEN(403, "Not allowed"),
        NOT_FOUND(404, "Not found"),
        METHOD_NOT_ALLOWED(405, "Method not allowed"),
        CONFLICT(409, "Conflict with the current state"),
        SNAPSHOT_INTEGRITY(409, "Stored snapshot failed its integrity check"),
        PAYLOAD_TOO_LARGE(413, "Request body too large"),
        UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
        POLICY_REFUSED(422, "Refused by policy"),
        IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused for a different request"),
        INTERNAL_ERROR(500, "Internal error"),
        TEMPORARILY_UNAVAILABLE(503, "Temporarily unavailable");

        private final int status;
        private final String title;

        Type(int status, String title) {
            this.status = status;
            this.title = title;
        }

        int status() {
            return status;
        }

        String title() {
            return title;
        }

        /** A URN, not a URL: problem types are identifiers, documented in the OpenAPI document. */
        String uri() {
            return "urn:egress-allowlist:problem:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    Problem {
        extensions = Map.copyOf(extensions);
        headers = Map.copyOf(headers);
    }

    static Problem of(Type type, String detail) {
        return new Problem(type.status(), type, detail, Map.of(), Map.of());
    }

    /** 400 naming the offending field and a machine-readable reason. */
    static Problem invalid(String field, String reason, String detail) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("field", field);
        extensions.put("reason", reason);
        return new Problem(400, Type.INVALID_REQUEST, detail, extensions, Map.of());
    }

    Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(status, type, detail, more, headers);
    }

    Problem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Problem(status, type, detail, extensions, more);
    }

    /** Ends the handling of a request with this problem. */
    ProblemException exception() {
        return new ProblemException(this);
    }

    /** Thrown by parsing and validation steps; the handler turns it into the problem response. */
    static final class ProblemException extends RuntimeException {
        private final transient Problem problem;

        ProblemException(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }
}
