package io.egressallowlist.shared.slack;

import java.util.List;

/**
 * The answer to a click or a slash command, shown only to the user, and the Slack messages to send after it
 * (the card updated with who decided and when, the requester's direct message, an ephemeral note to the
 * clicker), which the caller runs within Slack's 3-second limit.
 */
public record SlackReply(SlackMessage message, List<FollowUp> followUps) {

    /** One Slack message to send after the answer; never throws (delivery problems are logged). */
    public record FollowUp(String name, Runnable work) { }

    public SlackReply {
        followUps = List.copyOf(followUps);
    }

    /** The answer when the control plane failed midway; every decision is a conditional write, so a retry is safe. */
    public static SlackReply couldNotComplete() {
        return of(":x: The egress control plane could not complete this just now. Please try again; repeating it is safe.");
    }

    /** A reply with no message after it. */
    public static SlackReply of(String mrkdwn) {
        return new SlackReply(BlockKitMessages.reply(mrkdwn), List.of());
    }
}
