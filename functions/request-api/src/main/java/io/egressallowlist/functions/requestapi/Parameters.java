package io.egressallowlist.functions.requestapi;

import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one parser of what a call passes in — path parameters, query parameters, headers and the JSON body —
 * shared by every resource. Each reader returns a typed value or ends the call with an RFC 9457 problem
 * (400 {@code invalid-request}) whose {@code field} names the parameter and whose {@code reason} says what
 * was wrong with it, so that a client can fix the call without reading our code.
 *
 * @param call      the call as API Gateway sent it
 * @param path      the path parameters of the matched route
 * @param principal the authenticated caller (an IAM principal ARN)
 * @param bodies    the strict JSON body reader
 */
record Parameters(ApiCall call, Map<String, String> path, String principal, JsonBodies bodies) {

    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    static final int MAX_DURATION_DAYS = 3650;
    static final int MAX_IDEMPOTENCY_KEY = 255;
    static final int MAX_PRINCIPAL = 2048;

    /** Whose blocked attempts: the caller's own, or everyone's (approvers only); one scope's: {@link BlockedResource}. */
    enum Scope { MINE, ALL }

    Parameters {
        path = Map.copyOf(path);
    }

    /**
     * Refuses query parameters the operation does not take, and repeated ones, so that a typo such as
     * {@code ?stauts=PENDING} is an error rather than a silently unfiltered listing.
     */
    Parameters takesQuery(String... names) {
        call.allowOnlyQueryParameters(Set.of(names));
        return this;
    }

    // ---- path ------------------------------------------------------------------------------------

    /** The request id in the path ({@code /requests/{id}}). */
    RequestId requestId() {
        try {
            return new RequestId(path.getOrDefault("id", ""));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("id", "MALFORMED_ID", e.getMessage()).exception();
        }
    }

    /** The version number in path parameter {@code name} ({@code number}, {@code other}). */
    VersionNumber version(String name) {
        return versionNumber(name, path.get(name));
    }

    // ---- query -----------------------------------------------------------------------------------

    /** {@code limit}: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    int limit() {
        return call.queryParameter("limit").map(value -> {
            if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_LIMIT) {
                throw Problem.invalid("limit", "OUT_OF_RANGE", "'limit' must be a whole number from 1 to " + MAX_LIMIT
                        + ", got '" + value + "'.").exception();
            }
            return Integer.parseInt(value);
        }).orElse(DEFAULT_LIMIT);
    }

    /**
     * {@code limit} for an operation whose pages hold 1 to {@code max} records, {@code fallback} when absent; the
     * value is quoted back cut short ({@link Since#shown}).
     */
    int limit(int max, int fallback) {
        return call.queryParameter("limit").map(value -> {
            if (!value.matches("[0-9]{1," + Integer.toString(max).length() + "}") || Integer.parseInt(value) < 1
                    || Integer.parseInt(value) > max) {
                throw Problem.invalid("limit", "OUT_OF_RANGE", "'limit' must be a whole number from 1 to " + max
                        + ", got '" + Since.shown(value) + "'.").exception();
            }
            return Integer.parseInt(value);
        }).orElse(fallback);
    }

    /** {@code pageToken}: the store's token inside one we issued for the same {@code filters}. */
    Optional<String> pageToken(String filters) {
        return call.queryParameter("pageToken").map(token -> PageToken.unwrap(token, filters));
    }

    /** {@code status}: a request status, in any case. */
    Optional<RequestStatus> status() {
        return call.queryParameter("status").map(value -> {
            try {
                return RequestStatus.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("status", "UNKNOWN_STATUS", "Unknown status '" + value + "'; use one of "
                        + Arrays.stream(RequestStatus.values()).map(Enum::name).collect(Collectors.joining(", "))
                        + ".").exception();
            }
        });
    }

    /** {@code requester}: a principal ARN, or {@code me} for the caller. */
    Optional<String> requester() {
        return call.queryParameter("requester").map(value -> {
            if (value.isBlank() || value.length() > MAX_PRINCIPAL) {
                throw Problem.invalid("requester", "INVALID", "'requester' must be a principal ARN or 'me'.")
                        .exception();
            }
            return value.equals("me") ? principal : value;
        });
    }

    /** A version number in query parameter {@code name} ({@code before}). */
    Optional<VersionNumber> versionQuery(String name) {
        return call.queryParameter(name).map(value -> versionNumber(name, value));
    }

    /**
     * {@code since}: an ISO-8601 instant or a duration back from {@code now}; {@link Since} says which values are
     * accepted and what absence means.
     */
    Instant since(Instant now, Duration retention) {
        return Since.read(call.queryParameter("since"), now, retention);
    }

    /** {@code scope}: {@code mine} (the default) or {@code all}. */
    Scope scope() {
        return call.queryParameter("scope").map(value -> switch (value) {
            case "mine" -> Scope.MINE;
            case "all" -> Scope.ALL;
            default -> throw Problem.invalid("scope", "UNKNOWN_SCOPE", "'scope' must be 'mine', 'all' (approvers) or"
                    + " a scope's name (its approvers), got '" + Since.shown(value) + "'.").exception();
        }).orElse(Scope.MINE);
    }

    /** {@code scope}: a scope's name, 400 naming {@code scope} when malformed (whether it exists: {@link ScopeReads}). */
    Optional<ScopeName> scopeName() {
        return call.queryParameter("scope").map(Parameters::scopeName);
    }

    static ScopeName scopeName(String value) {
        try {
            return ScopeName.of(value);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("scope", "MALFORMED_SCOPE", "'scope' must be a scope name: 1 to 30 lower-case"
                    + " letters, digits or hyphens, starting with a letter; got '" + Since.shown(value) + "'.").exception();
        }
    }

    /** Query parameter {@code name}, which the operation cannot do without; {@code hint} says what to send. */
    String requiredQuery(String name, String hint) {
        return call.queryParameter(name).orElseThrow(() -> Problem.invalid(name, "MISSING", hint).exception());
    }

    // ---- headers ---------------------------------------------------------------------------------

    /** {@code Idempotency-Key}: 1 to {@value #MAX_IDEMPOTENCY_KEY} visible ASCII characters, or null. */
    String idempotencyKey() {
        return call.header("Idempotency-Key").map(key -> {
            if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY
                    || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw Problem.invalid("Idempotency-Key", "INVALID", "The Idempotency-Key header must be 1 to "
                        + MAX_IDEMPOTENCY_KEY + " visible ASCII characters, such as a UUID.").exception();
            }
            return key;
        }).orElse(null);
    }

    // ---- body ------------------------------------------------------------------------------------

    /** The JSON body as {@code type}, whose accepted members and their kinds are {@code fields}. */
    <T> T body(Class<T> type, Map<String, String> fields) {
        return bodies.read(jsonBody(), type, fields);
    }

    /** Body member {@code field}, which the operation cannot do without; {@code hint} says what to send. */
    static <T> T required(String field, T value, String hint) {
        if (value == null) {
            throw Problem.invalid(field, "MISSING", "The field '" + field + "' is required: " + hint).exception();
        }
        return value;
    }

    /** Body member {@code field} in whole days, 1 to {@value #MAX_DURATION_DAYS}; empty when absent. */
    static Optional<Duration> days(String field, Integer days) {
        if (days == null) {
            return Optional.empty();
        }
        if (days < 1 || days > MAX_DURATION_DAYS) {
            throw Problem.invalid(field, "OUT_OF_RANGE", "The field '" + field + "' must be between 1 and "
                    + MAX_DURATION_DAYS + ", got " + days + "; leave it out for the policy's default.").exception();
        }
        return Optional.of(Duration.ofDays(days));
    }

    /** The body of a JSON operation: present, {@code application/json}, UTF-8. */
    private String jsonBody() {
        Optional<byte[]> bytes = call.bodyBytes();
        String contentType = call.header("Content-Type").orElse(null);
        if (!isJson(contentType)) {
            throw Problem.of(Problem.Type.UNSUPPORTED_MEDIA_TYPE, contentType == null
                    ? "Send the body as JSON with 'Content-Type: application/json'."
                    : "The body must be 'application/json' (UTF-8), not '" + contentType + "'.").exception();
        }
        if (bytes.isEmpty()) {
            throw Problem.invalid("body", "MISSING", "This operation needs a JSON object as its body.").exception();
        }
        return ApiCall.decodeUtf8(bytes.get());
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")
                    && (parameter.length < 2 || !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    private static VersionNumber versionNumber(String name, String value) {
        if (value == null || !value.matches("[1-9][0-9]{0,17}")) {
            throw Problem.invalid(name, "NOT_A_VERSION_NUMBER", "'" + name + "' must be a version number (1, 2, 3…),"
                    + " got '" + value + "'.").exception();
        }
        return new VersionNumber(Long.parseLong(value));
    }
}
