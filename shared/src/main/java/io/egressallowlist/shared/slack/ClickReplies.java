package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.MessageRef;
import io.egressallowlist.shared.slack.SlackRequests.BlockAction;
import io.egressallowlist.shared.slack.SlackReply.FollowUp;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a button click is answered with, one method per outcome: the reply, and the Slack messages that follow
 * it. The card whose button was clicked ({@link BlockAction#message()}) is updated in place when no card was
 * recorded for the request; a note goes to the clicker alone through the {@code response_url} (Slack ignores
 * the body of the answer to a click).
 *
 * @param slack  for ephemeral replies through {@code response_url}s
 * @param quorum the policy's quorum, shown in status lines
 */
public record ClickReplies(SlackNotifier notifier, SlackClient slack, int quorum, JsonLog log) {

    public SlackReply notOurButton(BlockAction click) {
        return ephemeral(click, "That button (`" + BlockKitMessages.escape(click.actionId())
                + "`) is not one of the egress allow-list's; nothing was changed.")
                .withOutcome(SlackReply.Outcome.REFUSED);
    }

    public SlackReply namesNoRequest(BlockAction click) {
        return ephemeral(click, "That button does not name a request; nothing was changed.")
                .withOutcome(SlackReply.Outcome.REFUSED);
    }

    /** A Request button whose value is not a domain one can request (it only ever shows our suggestions). */
    public SlackReply noDomainToRequest(BlockAction click) {
        return ephemeral(click, "That button does not name a domain that can be requested; nothing was changed.")
                .withOutcome(SlackReply.Outcome.REFUSED);
    }

    /** Slack refused to open the request form ({@code error}: Slack's code, such as {@code expired_trigger_id}). */
    public SlackReply formNotOpened(BlockAction click, String error) {
        return ephemeral(click, "The request form could not be opened (" + BlockKitMessages.escape(error)
                + "). Slack allows 3 seconds for it; click *Request* again, or use `/egress request <domain> <reason…>`.");
    }

    /** The clicker's approver groups could not be read from Slack ({@code error}: Slack's error code). */
    public SlackReply membershipUnknown(BlockAction click, String error) {
        return ephemeral(click, "Your approver group membership could not be checked with Slack ("
                + error + "); nothing was changed. Please try again in a moment.")
                .withOutcome(SlackReply.Outcome.UNAVAILABLE);
    }

    /** Approved (the quorum met) or denied: the card shows the decision and the requester is told. */
    public SlackReply decided(BlockAction click, AllowlistRequest request) {
        String text = switch (request.status()) {
            case DENIED -> "You denied the " + describe(request) + "; the requester will be told.";
            case REVOKED -> "You revoked the grant for " + BlockKitMessages.subject(request)
                    + "; the next version removes it from the firewall and the requester will be told.";
            default -> "You approved the " + describe(request) + "; the firewall will be updated shortly.";
        };
        MessageRef shownAt = click.message().orElse(null);
        return new SlackReply(BlockKitMessages.reply(text), List.of(new FollowUp("decision messages",
                () -> notifier.requestDecided(request, shownAt))));
    }

    public SlackReply renewed(BlockAction click, AllowlistRequest request, String renewedBy) {
        MessageRef shownAt = click.message().orElse(null);
        return new SlackReply(BlockKitMessages.reply("You renewed the grant for " + BlockKitMessages.subject(request)
                + " until " + BlockKitMessages.when(request.expiresAt()) + "."),
                List.of(new FollowUp("renewal messages", () -> notifier.grantRenewed(request, renewedBy, shownAt))));
    }

    /** An approval counted while more are needed: the card shows who has approved so far. */
    public SlackReply approvalRecorded(BlockAction click, AllowlistRequest request, int approvals, int needed) {
        int missing = needed - approvals;
        String text = "Your approval of the " + describe(request) + " is recorded: " + approvals + " of " + needed
                + ". " + missing + " more approver" + (missing == 1 ? " is" : "s are") + " needed.";
        MessageRef shownAt = click.message().orElse(null);
        List<FollowUp> followUps = new ArrayList<>();
        followUps.add(new FollowUp("card progress", () -> notifier.approvalRecorded(request, shownAt)));
        ephemeralFollowUp(click, text).ifPresent(followUps::add);
        return new SlackReply(BlockKitMessages.reply(text), followUps);
    }

    /** A vote to renew counted while more are needed. */
    public SlackReply renewalRecorded(BlockAction click, AllowlistRequest request, int votes, int needed) {
        int missing = needed - votes;
        String text = "Your vote to renew the grant for " + BlockKitMessages.subject(request) + " is recorded: " + votes
                + " of " + needed + ". " + missing + " more approver" + (missing == 1 ? " is" : "s are") + " needed.";
        return ephemeral(click, text);
    }

    /** Nothing changed: only an approved or active grant can be revoked; the card is shown as it is. */
    public SlackReply notRevocable(BlockAction click, AllowlistRequest request) {
        String text = "Nothing was changed: only an approved or active grant can be revoked, and the "
                + describe(request) + " is not one (" + BlockKitMessages.statusLine(request, quorum) + ").";
        List<FollowUp> followUps = new ArrayList<>();
        ephemeralFollowUp(click, text).ifPresent(followUps::add);
        MessageRef shownAt = click.message().orElse(null);
        followUps.add(new FollowUp("card refresh", () -> notifier.refreshCard(request, shownAt)));
        return new SlackReply(BlockKitMessages.reply(text), followUps, SlackReply.Outcome.CONFLICT);
    }

    /**
     * Nothing changed: the request was decided already, or (a renewal) the grant is no longer active. After a
     * decision the clicked card may be out of date (an earlier update was lost), so it is shown as it is.
     */
    public SlackReply alreadyDecided(BlockAction click, AllowlistRequest request, boolean renewal) {
        String text = renewal
                ? "Nothing was changed: the grant for " + BlockKitMessages.subject(request) + " is no longer active ("
                + BlockKitMessages.statusLine(request, quorum) + ")."
                : "Nothing was changed: the " + describe(request) + " was already decided. "
                + BlockKitMessages.statusLine(request, quorum) + ".";
        List<FollowUp> followUps = new ArrayList<>();
        ephemeralFollowUp(click, text).ifPresent(followUps::add);
        MessageRef shownAt = click.message().orElse(null);
        if (!renewal) {
            followUps.add(new FollowUp("card refresh", () -> notifier.refreshCard(request, shownAt)));
        } else if (shownAt != null) {
            followUps.add(new FollowUp("reminder closed", () -> notifier.renewalClosed(request, shownAt)));
        }
        return new SlackReply(BlockKitMessages.reply(text), followUps, SlackReply.Outcome.CONFLICT);
    }

    /** The clicker may not take this decision; {@code message} says why. */
    public SlackReply refused(BlockAction click, String message) {
        return ephemeral(click, BlockKitMessages.escape(message) + " Nothing was changed.")
                .withOutcome(SlackReply.Outcome.FORBIDDEN);
    }

    public SlackReply notFound(BlockAction click, RequestId requestId) {
        return ephemeral(click, "No request has the id `" + requestId + "`; nothing was changed.")
                .withOutcome(SlackReply.Outcome.NOT_FOUND);
    }

    // ---- pieces -------------------------------------------------------------------------------------

    private static String describe(AllowlistRequest request) {
        return switch (request.kind()) {
            case ROLLBACK -> "rollback to version " + request.rollbackTo();
            case DOMAIN, MODE -> "request for " + BlockKitMessages.subject(request);
        };
    }

    private SlackReply ephemeral(BlockAction click, String text) {
        return new SlackReply(BlockKitMessages.reply(text), ephemeralFollowUp(click, text).stream().toList());
    }

    private Optional<FollowUp> ephemeralFollowUp(BlockAction click, String text) {
        Optional<URI> responseUrl = click.responseUrl();
        if (responseUrl.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FollowUp("ephemeral reply", () -> {
            try {
                slack.respond(responseUrl.get(), BlockKitMessages.reply(text), SlackClient.ResponseType.EPHEMERAL);
            } catch (SlackException e) {
                log.warn("Ephemeral reply not delivered", "error", e.error());
            }
        }));
    }
}
