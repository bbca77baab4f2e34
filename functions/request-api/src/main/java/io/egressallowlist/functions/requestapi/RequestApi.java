package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.AllowlistQueries;
import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.api.RequestAnnouncer;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.SubmitOutcome;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The operations of the request API, one method per {@link Route}: read the call, run the use case in
 * {@code shared}, map its outcome to a status and a representation. Every refusal is a {@link Problem}.
 */
final class RequestApi {

    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    static final int MAX_DURATION_DAYS = 3650;
    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final RequestService service;
    private final RequestRepository requests;
    private final AllowlistQueries allowlist;
    private final CallerResolver callers;
    private final RequestAnnouncer announcer;
    private final ObjectMapper json;
    private final JsonBodies bodies;
    private final Representations representations;
    private final String openApiDocument;

    RequestApi(RequestService service, RequestRepository requests, AllowlistQueries allowlist, CallerResolver callers,
               RequestAnnouncer announcer, ObjectMapper json) {
        this.service = service;
        this.requests = requests;
        this.allowlist = allowlist;
        this.callers = callers;
        this.announcer = announcer;
        this.json = json;
        this.bodies = new JsonBodies();
        this.representations = new Representations(json);
        this.openApiDocument = loadOpenApiDocument();
    }

    Reply handle(Route route, Map<String, String> parameters, ApiCall call, String principal) {
        return switch (route) {
            case SUBMIT_REQUEST -> submit(call, principal);
            case LIST_REQUESTS -> list(call, principal);
            case GET_REQUEST -> get(call, parameters.get("id"));
            case WITHDRAW_REQUEST -> withdraw(call, principal, parameters.get("id"));
            case GET_ALLOWLIST -> currentAllowlist(call);
            case CHECK_DOMAIN -> check(call);
            case LIST_VERSIONS -> versions(call);
            case GET_VERSION -> version(call, parameters.get("number"));
            case DIFF_VERSIONS -> diff(call, parameters.get("number"), parameters.get("other"));
            case REQUEST_ROLLBACK -> rollback(call, principal, parameters.get("number"));
            case GET_OPENAPI -> openApi(call);
        };
    }

    // ---- requests -------------------------------------------------------------------------------

    private Reply submit(ApiCall call, String principal) {
        call.allowOnlyQueryParameters(Set.of());
        JsonBodies.SubmitBody body = bodies.read(jsonBody(call), JsonBodies.SubmitBody.class,
                JsonBodies.SubmitBody.FIELDS);
        if (body.domain() == null) {
            throw Problem.invalid("domain", "MISSING", "The field 'domain' is required: the name to allow, such as"
                    + " huggingface.co or *.example.com.").exception();
        }
        if (body.justification() == null) {
            throw Problem.invalid("justification", "MISSING", "The field 'justification' is required: say why you"
                    + " need the domain; approvers see it.").exception();
        }
        Optional<Duration> duration = Optional.empty();
        if (body.durationDays() != null) {
            int days = body.durationDays();
            if (days < 1 || days > MAX_DURATION_DAYS) {
                throw Problem.invalid("durationDays", "OUT_OF_RANGE", "The field 'durationDays' must be between 1 and "
                        + MAX_DURATION_DAYS + ", got " + days + "; leave it out for the policy's default.").exception();
            }
            duration = Optional.of(Duration.ofDays(days));
        }
        String key = idempotencyKey(call);
        CallerResolver.Caller caller = callers.resolve(principal);
        SubmitOutcome outcome = service.submit(body.domain(), body.justification(), duration, caller.requester(),
                actor(caller, call), key);
        Asked asked = new Asked(original -> original.kind() == RequestKind.DOMAIN
                && original.target().equals(FirewallTarget.of(DomainName.parse(body.domain()).orElseThrow())),
                open -> { }, invalid -> Problem.invalid(invalid.field(), invalid.reason(), invalid.message()).exception());
        return answer(outcome, asked, call, principal, key);
    }

    /**
     * What a submit or a rollback call makes of the outcomes that depend on what it asked for.
     *
     * @param sameAs      whether a replayed original is this same ask (otherwise the key was reused)
     * @param openAllowed throws when the open request found instead may not stand for this ask
     * @param invalid     the problem for refused input
     */
    private record Asked(Predicate<AllowlistRequest> sameAs, Consumer<AllowlistRequest> openAllowed,
                         Function<SubmitOutcome.Invalid, Problem.ProblemException> invalid) { }

    /** Submitted (201), an open request for the same thing (200), a replay (the original's status), or a problem. */
    private Reply answer(SubmitOutcome outcome, Asked asked, ApiCall call, String principal, String key) {
        return outcome.match(submitted -> {
            announcer.submitted(submitted.request(), submitted.autoApproved());
            return created(call, submitted.request(), "CREATED", false)
                    .withHeader("Location", location(call, submitted.request()));
        }, existing -> {
            asked.openAllowed().accept(existing.request());
            return created(call, existing.request(), "EXISTING", false);
        }, replayed -> {
            AllowlistRequest original = replayed.request();
            if (!asked.sameAs().test(original)) {
                throw keyReused(original);
            }
            // The key created this request (201 the first time) or was pointed at an open one (200).
            boolean createdByKey = key.equals(original.idempotencyKey())
                    && principal.equals(original.requester().principal());
            return created(call, original, createdByKey ? "CREATED" : "EXISTING", true);
        }, allowed -> reply(200, representations.object().put("outcome", "ALREADY_ALLOWED").put("allowed", true)
                .put("domain", allowed.requested().target()).put("entry", allowed.entry())
                .put("version", allowed.version().value())), invalid -> {
            throw asked.invalid().apply(invalid);
        }, refused -> {
            throw Problem.of(Problem.Type.POLICY_REFUSED, refused.message()).with("rule", refused.rule()).exception();
        });
    }

    private Reply created(ApiCall call, AllowlistRequest request, String outcome, boolean replayed) {
        ObjectNode node = representations.object().put("outcome", outcome);
        node.set("request", representations.request(request));
        Reply reply = reply(outcome.equals("CREATED") ? 201 : 200, node).withHeader("Location", location(call, request));
        return replayed ? reply.withHeader("Idempotent-Replayed", "true") : reply;
    }

    private Reply list(ApiCall call, String principal) {
        call.allowOnlyQueryParameters(Set.of("status", "requester", "limit", "pageToken"));
        RequestStatus status = call.queryParameter("status").map(RequestApi::status).orElse(null);
        String requester = call.queryParameter("requester").map(value -> {
            if (value.isBlank() || value.length() > 2048) {
                throw Problem.invalid("requester", "INVALID", "'requester' must be a principal ARN or 'me'.").exception();
            }
            return value.equals("me") ? principal : value;
        }).orElse(null);
        int limit = limit(call);
        String fingerprint = (status == null ? "*" : status.name()) + "|" + (requester == null ? "*" : requester);
        String storeToken = call.queryParameter("pageToken").map(token -> unwrapPageToken(token, fingerprint))
                .orElse(null);
        RequestRepository.Page page;
        try {
            page = status == null ? requests.listAll(requester, limit, storeToken)
                    : requests.list(status, requester, limit, storeToken);
        } catch (IllegalArgumentException e) {
            throw invalidPageToken();
        }
        ObjectNode node = representations.object();
        page.items().forEach(request -> node.withArray("items").add(representations.request(request)));
        node.withArray("items");
        node.put("nextPageToken", page.nextPageToken() == null ? null : wrapPageToken(page.nextPageToken(), fingerprint));
        return reply(200, node);
    }

    private Reply get(ApiCall call, String id) {
        call.allowOnlyQueryParameters(Set.of());
        AllowlistRequest request = requests.find(requestId(id)).orElseThrow(() -> noSuchRequest(id));
        return reply(200, representations.request(request));
    }

    private Reply withdraw(ApiCall call, String principal, String id) {
        call.allowOnlyQueryParameters(Set.of());
        RequestId requestId = requestId(id);
        CallerResolver.Caller caller = callers.resolve(principal);
        return service.withdraw(requestId, actor(caller, call)).match(decided -> {
            announcer.withdrawn(decided.request());
            return reply(200, representations.request(decided.request()));
        }, recorded -> reply(200, representations.request(recorded.request())), decided -> {
            throw Problem.of(Problem.Type.CONFLICT, "Request " + requestId + " is " + decided.request().status()
                    + "; only a PENDING request can be withdrawn.").with("status", decided.request().status().name())
                    .exception();
        }, refused -> {
            throw Problem.of(Problem.Type.FORBIDDEN, refused.message()).with("reason", refused.reason()).exception();
        }, notFound -> {
            throw noSuchRequest(id);
        });
    }

    // ---- allow-list and versions ----------------------------------------------------------------

    private Reply currentAllowlist(ApiCall call) {
        call.allowOnlyQueryParameters(Set.of());
        AllowlistVersion current = allowlist.current().orElseThrow(RequestApi::noAppliedVersion);
        ObjectNode node = representations.object().put("version", current.number())
                .put("sha256", current.sha256())
                .put("appliedAt", Representations.instant(current.appliedAt()))
                .put("targetCount", current.targets().size());
        current.targets().forEach(node.putArray("targets")::add);
        return reply(200, node);
    }

    private Reply check(ApiCall call) {
        call.allowOnlyQueryParameters(Set.of("domain"));
        String domain = call.queryParameter("domain").orElseThrow(() -> Problem.invalid("domain", "MISSING",
                "Give the name to check: GET /allowlist/check?domain=example.com").exception());
        return allowlist.check(domain).match(invalid -> {
            throw Problem.invalid("domain", invalid.reason().name(), invalid.message()).exception();
        }, none -> {
            throw noAppliedVersion();
        }, allowed -> reply(200, representations.object().put("domain", allowed.name().target()).put("allowed", true)
                .put("entry", allowed.entry()).put("version", allowed.version().number())),
                denied -> reply(200, representations.object().put("domain", denied.name().target()).put("allowed", false)
                        .putNull("entry").put("version", denied.version().number())));
    }

    private Reply versions(ApiCall call) {
        call.allowOnlyQueryParameters(Set.of("before", "limit"));
        VersionNumber before = call.queryParameter("before").map(value -> versionNumber("before", value)).orElse(null);
        AllowlistQueries.VersionPage page = allowlist.versions(before, limit(call));
        ObjectNode node = representations.object();
        var items = node.putArray("items");
        for (VersionSummary summary : page.items()) {
            items.add(representations.summary(summary));
        }
        node.put("nextBefore", page.nextBefore());
        return reply(200, node);
    }

    private Reply version(ApiCall call, String number) {
        call.allowOnlyQueryParameters(Set.of());
        VersionNumber n = versionNumber("number", number);
        AllowlistQueries.VersionDetail detail = allowlist.version(n).orElseThrow(() -> noSuchVersion(n));
        ObjectNode node = representations.version(detail.version());
        ObjectNode changes = representations.diff(detail.changes());
        changes.put("against", detail.version().parent());
        node.set("changes", changes);
        return reply(200, node);
    }

    private Reply diff(ApiCall call, String number, String other) {
        call.allowOnlyQueryParameters(Set.of());
        VersionNumber from = versionNumber("number", number);
        VersionNumber to = versionNumber("other", other);
        return allowlist.diff(from, to).match(found -> {
            ObjectNode node = representations.object().put("from", from.value()).put("to", to.value())
                    .put("fromSha256", found.from().sha256()).put("toSha256", found.to().sha256());
            node.setAll(representations.diff(found.diff()));
            return reply(200, node);
        }, missing -> {
            throw noSuchVersion(missing.number());
        });
    }

    private Reply rollback(ApiCall call, String principal, String number) {
        call.allowOnlyQueryParameters(Set.of());
        VersionNumber n = versionNumber("number", number);
        JsonBodies.RollbackBody body = bodies.read(jsonBody(call), JsonBodies.RollbackBody.class,
                JsonBodies.RollbackBody.FIELDS);
        if (body.justification() == null) {
            throw Problem.invalid("justification", "MISSING", "The field 'justification' is required: say why the"
                    + " allow-list must go back to version " + n + "; approvers see it.").exception();
        }
        String key = idempotencyKey(call);
        CallerResolver.Caller caller = callers.resolve(principal);
        SubmitOutcome outcome = service.requestRollback(n, body.justification(), caller.requester(),
                actor(caller, call), key);
        Asked asked = new Asked(original -> original.kind() == RequestKind.ROLLBACK && original.rollbackTo().equals(n),
                open -> {
                    if (!open.rollbackTo().equals(n)) {
                        throw Problem.of(Problem.Type.CONFLICT, "Rollback request " + open.id() + " (to version "
                                + open.rollbackTo() + ") is still open; only one rollback can be open at a time."
                                + " Withdraw it or wait for its decision.").with("openRequestId", open.id().value())
                                .exception();
                    }
                }, invalid -> rollbackRefused(invalid, n));
        return answer(outcome, asked, call, principal, key);
    }

    private static Problem.ProblemException rollbackRefused(SubmitOutcome.Invalid invalid, VersionNumber n) {
        if (invalid.reason().equals("UNKNOWN_VERSION")) {
            return noSuchVersion(n);
        }
        if (invalid.reason().equals("ALREADY_CURRENT")) {
            return Problem.of(Problem.Type.CONFLICT, invalid.message()).with("reason", invalid.reason()).exception();
        }
        return Problem.invalid(invalid.field(), invalid.reason(), invalid.message()).exception();
    }

    private Reply openApi(ApiCall call) {
        call.allowOnlyQueryParameters(Set.of());
        return new Reply(200, "application/yaml", openApiDocument, Map.of());
    }

    // ---- reading the call -----------------------------------------------------------------------

    /** The body of a JSON operation: present, {@code application/json}, UTF-8. */
    private static String jsonBody(ApiCall call) {
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

    private static String idempotencyKey(ApiCall call) {
        return call.header("Idempotency-Key").map(key -> {
            if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY
                    || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw Problem.invalid("Idempotency-Key", "INVALID", "The Idempotency-Key header must be 1 to "
                        + MAX_IDEMPOTENCY_KEY + " visible ASCII characters, such as a UUID.").exception();
            }
            return key;
        }).orElse(null);
    }

    private static Actor actor(CallerResolver.Caller caller, ApiCall call) {
        SlackUserId slack = caller.requester().slack().flatMap(RequestApi::slackUserId).orElse(null);
        return new Actor(caller.requester().principal(), slack, Set.of(), Channel.API, call.sourceIp());
    }

    private static Optional<SlackUserId> slackUserId(String value) {
        try {
            return Optional.of(new SlackUserId(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static RequestId requestId(String id) {
        try {
            return new RequestId(id);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("id", "MALFORMED_ID", e.getMessage()).exception();
        }
    }

    private static RequestStatus status(String value) {
        try {
            return RequestStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("status", "UNKNOWN_STATUS", "Unknown status '" + value + "'; use one of "
                    + Arrays.stream(RequestStatus.values()).map(Enum::name).collect(Collectors.joining(", ")) + ".")
                    .exception();
        }
    }

    private static int limit(ApiCall call) {
        return call.queryParameter("limit").map(value -> {
            if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_LIMIT) {
                throw Problem.invalid("limit", "OUT_OF_RANGE", "'limit' must be a whole number from 1 to " + MAX_LIMIT
                        + ", got '" + value + "'.").exception();
            }
            return Integer.parseInt(value);
        }).orElse(DEFAULT_LIMIT);
    }

    private static VersionNumber versionNumber(String field, String value) {
        if (value == null || !value.matches("[1-9][0-9]{0,17}")) {
            throw Problem.invalid(field, "NOT_A_VERSION_NUMBER", "'" + field + "' must be a version number (1, 2, 3…),"
                    + " got '" + value + "'.").exception();
        }
        return new VersionNumber(Long.parseLong(value));
    }

    /** Our page tokens bind the store's token to the filters it was issued for. */
    private static String wrapPageToken(String storeToken, String fingerprint) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1\n" + fingerprint + "\n" + storeToken)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String unwrapPageToken(String token, String fingerprint) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidPageToken();
        }
        String[] parts = text.split("\n", 3);
        if (parts.length != 3 || !parts[0].equals("v1") || parts[2].isEmpty()) {
            throw invalidPageToken();
        }
        if (!parts[1].equals(fingerprint)) {
            throw Problem.invalid("pageToken", "FILTERS_CHANGED", "This page token was issued for other filters;"
                    + " keep 'status' and 'requester' the same while paging, or start again without 'pageToken'.")
                    .exception();
        }
        return parts[2];
    }

    private static Problem.ProblemException invalidPageToken() {
        return Problem.invalid("pageToken", "INVALID", "The page token is not valid; use the 'nextPageToken' of the"
                + " previous page.").exception();
    }

    // ---- answers --------------------------------------------------------------------------------

    private Reply reply(int status, ObjectNode body) {
        try {
            return new Reply(status, "application/json", json.writeValueAsString(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be written", e);
        }
    }

    private static String location(ApiCall call, AllowlistRequest request) {
        return call.basePath() + "/requests/" + request.id();
    }

    private static Problem.ProblemException noSuchRequest(String id) {
        return Problem.of(Problem.Type.NOT_FOUND, "There is no request " + id + ".").exception();
    }

    private static Problem.ProblemException noSuchVersion(VersionNumber number) {
        return Problem.of(Problem.Type.NOT_FOUND, "There is no version " + number
                + " of the allow-list; GET /versions lists them.").exception();
    }

    private static Problem.ProblemException noAppliedVersion() {
        return Problem.of(Problem.Type.NOT_FOUND, "No version of the allow-list has been applied yet; the"
                + " reconciler records the rule group's content as the first version on its first run.").exception();
    }

    private static Problem.ProblemException keyReused(AllowlistRequest original) {
        return Problem.of(Problem.Type.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used for a"
                + " different request (" + original.subject() + ", request " + original.id() + "); use a new key for"
                + " a new request.").with("originalRequestId", original.id().value()).exception();
    }

    private static String loadOpenApiDocument() {
        try (InputStream in = RequestApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the function's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SnapStart priming: the strict body reader on a sample submit body; nothing is stored. */
    void primeBodies() {
        bodies.read("{\"domain\":\"huggingface.co\",\"justification\":\"priming\"}", JsonBodies.SubmitBody.class,
                JsonBodies.SubmitBody.FIELDS);
    }
}
