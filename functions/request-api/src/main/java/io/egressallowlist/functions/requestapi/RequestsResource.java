package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.api.RequestAnnouncer;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.CapacityWarning;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.DecisionOutcome;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.ScopeChoice;
import io.egressallowlist.shared.requests.SubmitOutcome;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code /requests} (and {@code POST /versions/{number}/rollback}, which makes a rollback request): asking
 * for a domain or a rollback, following, withdrawing and revoking requests ({@link Revocations}). Every outcome of {@link RequestService}
 * maps to one status and representation here; the rules themselves are the service's.
 */
record RequestsResource(RequestService service, RequestRepository requests, CallerResolver callers,
        RequestAnnouncer announcer, Revocations revocations, ScopeReads scopes, Representations representations) {

    /** {@code POST /requests}. */
    Reply submit(Parameters parameters) {
        JsonBodies.SubmitBody body = parameters.takesQuery().body(JsonBodies.SubmitBody.class,
                scopes.queries().scopes().isSingle() ? JsonBodies.SubmitBody.FIELDS : JsonBodies.SubmitBody.SCOPED_FIELDS);
        String domain = Parameters.required("domain", body.domain(),
                "the name to allow, such as huggingface.co or *.example.com.");
        String justification = Parameters.required("justification", body.justification(),
                "say why you need the domain; approvers see it.");
        Optional<Duration> duration = Parameters.days("durationDays", body.durationDays());
        String key = parameters.idempotencyKey();
        CallerResolver.Caller caller = callers.resolve(parameters.principal());
        SubmitOutcome outcome = service.submit(domain, ScopeChoice.of(body.scope(), caller.scope()), justification,
                duration, caller.requester(), actor(caller, parameters), key);
        return answer(outcome, parameters,
                invalid -> Problem.invalid(invalid.field(), invalid.reason(), invalid.message()).exception());
    }

    /**
     * {@code POST /scopes/{name}/mode}: asks for the scope to be switched; the answer lists what enforcing would
     * block now ({@code wouldBlock}: what the scope's learning recorded that its list does not hold).
     */
    Reply modeChange(Parameters parameters, ScopeName scope, List<String> wouldBlock) {
        JsonBodies.ModeBody body = parameters.takesQuery().body(JsonBodies.ModeBody.class, JsonBodies.ModeBody.FIELDS);
        String asked = Parameters.required("mode", body.mode(), "enforce or learn.");
        ScopeMode mode;
        try {
            mode = ScopeMode.parse(asked);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("mode", "UNKNOWN_MODE", "'mode' must be enforce or learn, got '"
                    + Since.shown(asked) + "'.").exception();
        }
        String justification = Parameters.required("justification", body.justification(),
                "say why the scope should switch; its approvers see it.");
        CallerResolver.Caller caller = callers.resolve(parameters.principal());
        SubmitOutcome outcome = service.requestModeChange(scope, mode, justification, caller.requester(),
                actor(caller, parameters), parameters.idempotencyKey());
        return answer(outcome, parameters, invalid -> Problem.invalid(invalid.field(), invalid.reason(),
                invalid.message()).exception(), submitted -> announcer.modeRequested(submitted.request(), wouldBlock),
                node -> wouldBlock.forEach(node.putArray("wouldBlock")::add));
    }

    /** {@code POST /versions/{number}/rollback}. */
    Reply rollback(Parameters parameters) {
        parameters.takesQuery("scope");
        VersionNumber number = parameters.version("number");
        JsonBodies.RollbackBody body = parameters.body(JsonBodies.RollbackBody.class, JsonBodies.RollbackBody.FIELDS);
        String justification = Parameters.required("justification", body.justification(),
                "say why the allow-list must go back to version " + number + "; approvers see it.");
        String key = parameters.idempotencyKey();
        CallerResolver.Caller caller = callers.resolve(parameters.principal());
        ScopeChoice scope = ScopeChoice.of(parameters.call().queryParameter("scope").orElse(null), caller.scope());
        SubmitOutcome outcome = service.requestRollback(scope, number, justification, caller.requester(),
                actor(caller, parameters), key);
        return answer(outcome, parameters, invalid -> rollbackRefused(invalid, number));
    }

    /** {@code GET /requests?status=&requester=&scope=&limit=&pageToken=}; every scope's without {@code scope}. */
    Reply list(Parameters parameters) {
        parameters.takesQuery("status", "requester", "scope", "limit", "pageToken");
        RequestStatus status = parameters.status().orElse(null);
        String requester = parameters.requester().orElse(null);
        ScopeName scope = parameters.scopeName().map(scopes::known).orElse(null);
        int limit = parameters.limit();
        String filters = (status == null ? "*" : status.name()) + "|" + (requester == null ? "*" : requester)
                + (scope == null ? "" : "|" + scope);
        String storeToken = parameters.pageToken(filters).orElse(null);
        RequestRepository.Page page;
        try {
            page = status == null ? requests.listAll(requester, scope, limit, storeToken)
                    : requests.list(status, requester, scope, limit, storeToken);
        } catch (IllegalArgumentException e) {
            throw PageToken.invalid();
        }
        ObjectNode node = representations.object();
        page.items().forEach(request -> node.withArray("items").add(representations.request(request)));
        node.withArray("items");
        node.put("nextPageToken", page.nextPageToken() == null ? null : PageToken.wrap(page.nextPageToken(), filters));
        return representations.reply(200, node);
    }

    /** {@code GET /requests/{id}}. */
    Reply get(Parameters parameters) {
        parameters.takesQuery();
        RequestId id = parameters.requestId();
        AllowlistRequest request = requests.find(id).orElseThrow(() -> noSuchRequest(id));
        return representations.reply(200, representations.request(request));
    }

    /** {@code DELETE /requests/{id}}: the requester withdraws a pending request. */
    Reply withdraw(Parameters parameters) {
        parameters.takesQuery();
        RequestId id = parameters.requestId();
        CallerResolver.Caller caller = callers.resolve(parameters.principal());
        return service.withdraw(id, actor(caller, parameters)).match(new DecisionOutcome.Cases<>(decided -> {
            announcer.withdrawn(decided.request());
            return representations.reply(200, representations.request(decided.request()));
        }, recorded -> representations.reply(200, representations.request(recorded.request())), decided -> {
            throw Problem.of(Problem.Type.CONFLICT, "Request " + id + " is " + decided.request().status()
                    + "; only a PENDING request can be withdrawn.").with("status", decided.request().status().name())
                    .exception();
        }, refused -> {
            throw Problem.of(Problem.Type.FORBIDDEN, refused.message()).with("reason", refused.reason()).exception();
        }, notFound -> {
            throw noSuchRequest(id);
        }));
    }

    /** {@code POST /requests/{id}/revoke}: an approver takes back a grant or cancels an approved request. */
    Reply revoke(Parameters parameters) {
        return revocations.revoke(parameters, actor(callers.resolve(parameters.principal()), parameters));
    }

    /**
     * Submitted (201), an open request for the same thing (200), a replay (201 or 200 as the first answer was,
     * marked {@code Idempotent-Replayed}), or a problem; {@code invalid} is the problem for refused input.
     */
    private Reply answer(SubmitOutcome outcome, Parameters parameters,
                         Function<SubmitOutcome.Invalid, Problem.ProblemException> invalid) {
        return answer(outcome, parameters, invalid, submitted -> announcer.submitted(submitted.request(),
                submitted.autoApproved(), submitted.warnings()), node -> { });
    }

    /** As above; {@code announce} tells of a new request, {@code more} adds to the body of a request answered. */
    private Reply answer(SubmitOutcome outcome, Parameters parameters,
                         Function<SubmitOutcome.Invalid, Problem.ProblemException> invalid,
                         Consumer<SubmitOutcome.Submitted> announce, Consumer<ObjectNode> more) {
        return outcome.match(new SubmitOutcome.Cases<>(submitted -> {
            announce.accept(submitted);
            return created(parameters, submitted.request(), "CREATED", false, submitted.warnings(), more);
        }, existing -> created(parameters, existing.request(), "EXISTING", false, List.of(), more),
                replayed -> created(parameters, replayed.request(), replayed.createdByKey() ? "CREATED" : "EXISTING",
                        true, List.of(), more),
                reused -> {
                    throw keyReused(reused.original());
                }, open -> {
                    throw rollbackOpen(open.open());
                }, allowed -> representations.reply(200, representations.object().put("outcome", "ALREADY_ALLOWED")
                        .put("allowed", true).put("domain", allowed.requested().target()).put("entry", allowed.entry())
                        .put("version", allowed.version().value())),
                refusedInput -> {
                    throw invalid.apply(refusedInput);
                }, refused -> {
                    // Only approvers of global may ask for changes to global: who asks is refused, not what.
                    Problem.Type type = refused.rule().equals("NOT_AN_APPROVER") ? Problem.Type.FORBIDDEN
                            : Problem.Type.POLICY_REFUSED;
                    throw Problem.of(type, refused.message()).with("rule", refused.rule()).exception();
                }));
    }

    /** {@code warnings}: how full the allow-list is, for a new request; empty for any other answer. */
    private Reply created(Parameters parameters, AllowlistRequest request, String outcome, boolean replayed,
                          List<CapacityWarning> warnings, Consumer<ObjectNode> more) {
        ObjectNode node = representations.object().put("outcome", outcome);
        node.set("request", representations.request(request));
        ArrayNode listed = node.putArray("warnings");
        warnings.forEach(warning -> listed.addObject().put("code", warning.code().name())
                .put("message", warning.message()).put("remaining", warning.remaining()));
        more.accept(node);
        Reply reply = representations.reply(outcome.equals("CREATED") ? 201 : 200, node)
                .withHeader("Location", parameters.call().basePath() + "/requests/" + request.id());
        return replayed ? reply.withHeader("Idempotent-Replayed", "true") : reply;
    }

    private static Problem.ProblemException rollbackRefused(SubmitOutcome.Invalid invalid, VersionNumber number) {
        if (invalid.reason().equals("UNKNOWN_VERSION")) {
            return VersionsResource.noSuchVersion(number);
        }
        if (invalid.reason().equals("ALREADY_CURRENT")) {
            return Problem.of(Problem.Type.CONFLICT, invalid.message()).with("reason", invalid.reason()).exception();
        }
        return Problem.invalid(invalid.field(), invalid.reason(), invalid.message()).exception();
    }

    private static Actor actor(CallerResolver.Caller caller, Parameters parameters) {
        SlackUserId slack = caller.requester().slack().flatMap(RequestsResource::slackUserId).orElse(null);
        return new Actor(caller.requester().principal(), slack, Set.of(), Channel.API, parameters.call().sourceIp());
    }

    private static Optional<SlackUserId> slackUserId(String value) {
        try {
            return Optional.of(new SlackUserId(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Problem.ProblemException noSuchRequest(RequestId id) {
        return Problem.of(Problem.Type.NOT_FOUND, "There is no request " + id + ".").exception();
    }

    private static Problem.ProblemException keyReused(AllowlistRequest original) {
        return Problem.of(Problem.Type.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used for a"
                + " different request (" + original.subject() + ", request " + original.id() + "); use a new key for"
                + " a new request.").with("originalRequestId", original.id().value()).exception();
    }

    private static Problem.ProblemException rollbackOpen(AllowlistRequest open) {
        return Problem.of(Problem.Type.CONFLICT, "Rollback request " + open.id() + " (to version " + open.rollbackTo()
                + ") is still open; only one rollback can be open at a time. Withdraw it or wait for its decision.")
                .with("openRequestId", open.id().value()).exception();
    }
}
