package io.egressallowlist.functions.slackinteractions;

import io.egressallowlist.shared.approvals.Approvals;
import io.egressallowlist.shared.approvals.Decision;
import io.egressallowlist.shared.approvals.DecisionResult;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.shared.slack.ClickReplies;
import io.egressallowlist.shared.slack.RequestForm;
import io.egressallowlist.shared.slack.SlackReply;
import io.egressallowlist.shared.slack.SlackRequests.BlockAction;

import java.util.Map;
import java.util.Optional;

/**
 * A button click, translated: a decision button ({@code action_id}) and its value (the request id) into a
 * {@link Decision}, the decision taken by {@link Approvals}, and its result into Slack's answer
 * ({@link ClickReplies}); a digest's Request button into the request form ({@link RequestForm}).
 */
record Clicks(Approvals approvals, ClickReplies replies, RequestForm form) {

    private static final Map<String, Decision.Kind> KINDS = Map.of(
            ActionIds.APPROVE, Decision.Kind.APPROVE,
            ActionIds.DENY, Decision.Kind.DENY,
            ActionIds.RENEW, Decision.Kind.RENEW,
            ActionIds.APPROVE_ROLLBACK, Decision.Kind.APPROVE_ROLLBACK,
            ActionIds.REVOKE, Decision.Kind.REVOKE);

    SlackReply answer(BlockAction click) {
        if (click.actionId().equals(ActionIds.REQUEST_BLOCKED)) {
            return form.open(click);
        }
        Decision.Kind kind = KINDS.get(click.actionId());
        if (kind == null) {
            return replies.notOurButton(click);
        }
        Optional<RequestId> requestId = requestId(click.value());
        if (requestId.isEmpty()) {
            return replies.namesNoRequest(click);
        }
        boolean renewal = kind == Decision.Kind.RENEW;
        return approvals.decide(new Decision(click.user(), kind, requestId.get())).match(new DecisionResult.Cases<>(
                decided -> replies.decided(click, decided.request()),
                renewed -> replies.renewed(click, renewed.request(), renewed.renewedBy()),
                recorded -> renewal
                        ? replies.renewalRecorded(click, recorded.request(), recorded.approvals(), recorded.quorum())
                        : replies.approvalRecorded(click, recorded.request(), recorded.approvals(), recorded.quorum()),
                already -> kind == Decision.Kind.REVOKE ? replies.notRevocable(click, already.request())
                        : replies.alreadyDecided(click, already.request(), renewal),
                refused -> replies.refused(click, refused.message()),
                notFound -> replies.notFound(click, notFound.requestId()),
                unknown -> replies.membershipUnknown(click, unknown.reason())));
    }

    static Optional<RequestId> requestId(String value) {
        try {
            return Optional.of(new RequestId(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
