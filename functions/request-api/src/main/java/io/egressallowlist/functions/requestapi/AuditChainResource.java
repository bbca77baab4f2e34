package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.AuditQueries;
import io.egressallowlist.shared.api.AuditVerification;
import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.domain.ChainProblem;
import io.egressallowlist.shared.domain.Requester;

/**
 * {@code GET /audit/verify}: one page of the audit trail's hash chain verified ({@link AuditVerification}), for
 * the same callers as the trail itself (approvers and operators). A client walks the whole chain by passing each
 * answer's {@code next} as {@code after} until it is null.
 */
record AuditChainResource(AuditQueries queries, CallerResolver callers, Representations representations) {

    /** {@code GET /audit/verify?after=&limit=}. */
    Reply verify(Parameters parameters) {
        Requester caller = callers.resolve(parameters.principal()).requester();
        // As GET /audit: whoever may not read the trail learns nothing more, not even which parameters are wrong.
        queries.refusal(caller).ifPresent(reason -> {
            throw forbidden(reason);
        });
        parameters.takesQuery("after", "limit");
        long after = after(parameters);
        int limit = parameters.limit(AuditVerification.MAX_LIMIT, AuditVerification.DEFAULT_LIMIT);
        AuditQueries.Verdict verdict;
        try {
            verdict = queries.verify(caller, after, limit);
        } catch (IllegalArgumentException pastTheHead) {
            throw Problem.invalid("after", "PAST_HEAD", "'after' must be a place in the chain: "
                    + pastTheHead.getMessage() + ".").exception();
        }
        return verdict.match(new AuditQueries.Verdict.Cases<>(checked -> representations.reply(200,
                report(checked.report())), refused -> {
                    throw forbidden(refused.reason());
                }));
    }

    private static RuntimeException forbidden(String reason) {
        return Problem.of(Problem.Type.FORBIDDEN, "Only approvers and operators can verify the audit trail: " + reason
                + ".").with("reason", "NOT_AN_APPROVER").exception();
    }

    private ObjectNode report(AuditVerification.Report report) {
        ObjectNode node = representations.object().put("status", report.intact() ? "intact" : "broken")
                .put("checked", report.checked()).put("headSeq", report.headSeq());
        node.set("through", report.through().map(through -> (ObjectNode) representations.object()
                .put("seq", through.seq()).put("hash", through.hash())).orElse(null));
        node.set("problem", report.problem().map(this::problem).orElse(null));
        node.put("next", report.next().isPresent() ? report.next().getAsLong() : null);
        node.put("beforeChain", report.beforeChain().isPresent() ? report.beforeChain().getAsLong() : null);
        return node;
    }

    private ObjectNode problem(ChainProblem problem) {
        ObjectNode node = representations.object().put("kind", problem.kind().name()).put("seq", problem.seq());
        node.put("eventId", problem.eventId());
        node.put("subject", problem.subject());
        node.put("message", problem.message());
        return node;
    }

    private static long after(Parameters parameters) {
        return parameters.call().queryParameter("after").map(value -> {
            if (!value.matches("[0-9]{1,15}")) {
                throw Problem.invalid("after", "INVALID", "'after' is a place in the audit chain (a whole number, 0"
                        + " for the start), as the previous answer's 'next' gives it, got '" + Since.shown(value)
                        + "'.").exception();
            }
            return Long.parseLong(value);
        }).orElse(0L);
    }
}
