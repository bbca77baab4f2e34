package io.egressallowlist.functions.slackinteractions;

import io.egressallowlist.shared.approvals.Approvals;
import io.egressallowlist.shared.approvals.Submission;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.slack.CommandReplies;
import io.egressallowlist.shared.slack.RequestForm;
import io.egressallowlist.shared.slack.SlackRequests.ViewSubmission;
import io.egressallowlist.shared.slack.ViewReply;

/**
 * A submitted request form, translated: its inputs into a {@link Submission} exactly like {@code /egress request}
 * (the same use case, policy, validation and dedupe), and the outcome into the modal's answer: the errors under the
 * inputs, or the modal replaced by what became of it, with the request's card posted like after the command.
 *
 * <p>The requester is the Slack user who submitted; the view's {@code private_metadata} is not read. Slack's view
 * id stands for the invocation ({@link Submission#triggerId()}): the same submission delivered again is answered
 * with the request it created, and nothing new is stored.
 */
record RequestForms(Approvals approvals, RequestForm form, CommandReplies replies, JsonLog log) {

    ViewReply submit(ViewSubmission submission) {
        var malformed = form.malformed(submission);
        if (malformed.isPresent()) {
            log.info("Request form refused before submission", "user", submission.user().value(),
                    "callbackId", truncate(submission.callbackId()));
            return malformed.get();
        }
        SubmitOutcome outcome = approvals.submit(new Submission(submission.user(),
                submission.input(RequestForm.DOMAIN_BLOCK).strip(), submission.input(RequestForm.JUSTIFICATION_BLOCK),
                submission.viewId()));
        log.info("Request form submitted", "user", submission.user().value(),
                "outcome", outcome.getClass().getSimpleName());
        return outcome.match(new SubmitOutcome.Cases<>(
                submitted -> form.shown(replies.submitted(submitted.request(), submitted.autoApproved(),
                        submitted.warnings())),
                existing -> form.shown(replies.alreadyOpen(existing.request())),
                replayed -> form.shown(replies.alreadyReceived(replayed.request())),
                keyReused -> form.shown(replies.alreadyUsed(keyReused.original())),
                rollbackOpen -> form.shown(replies.rollbackAlreadyOpen(rollbackOpen.open())),
                allowed -> form.shown(replies.alreadyAllowed(allowed.requested(), allowed.entry(), allowed.version())),
                invalid -> form.invalid(invalid.field(), invalid.message()),
                refused -> form.refusedByPolicy(refused.message())));
    }

    private static String truncate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
