package io.egressallowlist.functions.requestapi;

import io.egressallowlist.shared.api.RequestAnnouncer;
import io.egressallowlist.shared.approvals.Approvals;
import io.egressallowlist.shared.approvals.DecisionResult;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.requests.Actor;

import java.util.function.Supplier;

/**
 * {@code POST /requests/{id}/revoke}: an approver (the caller's IAM identity linked to a policy approver's Slack
 * user) takes back an ACTIVE grant, or cancels an APPROVED or APPLYING request before it reaches the firewall. The
 * decision is {@link Approvals}' (as for the Revoke button in Slack); this maps its result to a status: 200 with
 * the request, 403 for a caller who is not an approver, 404, 409 for any other status, 503 when approver groups
 * cannot be read.
 *
 * @param approvals built on first use: only this route needs Slack's approver groups
 */
record Revocations(Supplier<Approvals> approvals, RequestAnnouncer announcer, Representations representations) {

    /** A reason is shown on the card and to the requester, and kept in the audit trail. */
    static final int MAX_REASON = 500;

    Reply revoke(Parameters parameters, Actor caller) {
        parameters.takesQuery();
        RequestId id = parameters.requestId();
        JsonBodies.RevokeBody body = parameters.body(JsonBodies.RevokeBody.class, JsonBodies.RevokeBody.FIELDS);
        String reason = checkedReason(Parameters.required("reason", body.reason(),
                "say why the grant is taken back; the requester and the approvers see it."));
        return approvals.get().revoke(id, caller, reason).match(new DecisionResult.Cases<>(
                decided -> {
                    announcer.decided(decided.request());
                    return representations.reply(200, representations.request(decided.request()));
                },
                renewed -> representations.reply(200, representations.request(renewed.request())),
                recorded -> representations.reply(200, representations.request(recorded.request())),
                already -> {
                    throw notRevocable(id, already.request());
                },
                refused -> {
                    throw Problem.of(Problem.Type.FORBIDDEN, refused.message()).with("reason", "NOT_AN_APPROVER")
                            .exception();
                },
                notFound -> {
                    throw RequestsResource.noSuchRequest(id);
                },
                unknown -> {
                    throw Problem.of(Problem.Type.TEMPORARILY_UNAVAILABLE, "Approver group membership cannot be read"
                            + " now (" + unknown.reason() + "); nothing was changed. Try again shortly.").exception();
                }));
    }

    private static String checkedReason(String reason) {
        if (reason.isBlank()) {
            throw Problem.invalid("reason", "MISSING", "The field 'reason' must not be blank: say why the grant is"
                    + " taken back.").exception();
        }
        if (reason.length() > MAX_REASON) {
            throw Problem.invalid("reason", "TOO_LONG", "The reason has " + reason.length() + " characters; keep it"
                    + " within " + MAX_REASON + ".").exception();
        }
        if (reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw Problem.invalid("reason", "CONTROL_CHARACTERS", "The reason contains control characters; use plain"
                    + " text.").exception();
        }
        return reason.strip();
    }

    private static Problem.ProblemException notRevocable(RequestId id, AllowlistRequest request) {
        String why = switch (request.kind()) {
            case ROLLBACK -> "a rollback is not a grant; ask for another rollback to undo it.";
            case MODE -> "a switch of mode is not a grant; ask for a switch back to undo it.";
            case DOMAIN -> "only an ACTIVE grant or an APPROVED or APPLYING request can be revoked.";
        };
        return Problem.of(Problem.Type.CONFLICT, "Request " + id + " is " + request.status() + "; " + why)
                .with("status", request.status().name()).exception();
    }
}
