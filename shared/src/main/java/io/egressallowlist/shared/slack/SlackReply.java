package io.egressallowlist.shared.slack;

import java.util.List;
import java.util.Locale;

/**
 * The answer to a click or a slash command, shown only to the user, and the Slack messages to send after it
 * (the card updated with who decided and when, the requester's direct message, an ephemeral note to the
 * clicker), which the caller runs within Slack's 3-second limit.
 *
 * @param outcome what became of the action, for callers that are not people (the sandbox's CLI clicks)
 */
public record SlackReply(SlackMessage message, List<FollowUp> followUps, Outcome outcome) {

    /** One Slack message to send after the answer; never throws (delivery problems are logged). */
    public record FollowUp(String name, Runnable work) { }

    /**
     * What became of the action, in the terms of the API's problems: {@code refused} (bad input), {@code forbidden}
     * (not the caller's to take), {@code conflict} (already decided), {@code not-found}, {@code unavailable}.
     */
    public enum Outcome {
        DONE, REFUSED, FORBIDDEN, CONFLICT, NOT_FOUND, UNAVAILABLE;

        /** As it travels in the answer's {@code egress_outcome} member. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public SlackReply {
        followUps = List.copyOf(followUps);
    }

    /** An action that was carried out. */
    public SlackReply(SlackMessage message, List<FollowUp> followUps) {
        this(message, followUps, Outcome.DONE);
    }

    /** The answer when the control plane failed midway; every decision is a conditional write, so a retry is safe. */
    public static SlackReply couldNotComplete() {
        return of(":x: The egress control plane could not complete this just now. Please try again; repeating it is safe.")
                .withOutcome(Outcome.UNAVAILABLE);
    }

    /** A reply with no message after it. */
    public static SlackReply of(String mrkdwn) {
        return new SlackReply(BlockKitMessages.reply(mrkdwn), List.of());
    }

    /** This reply, saying that the action ended with {@code changed}. */
    public SlackReply withOutcome(Outcome changed) {
        return new SlackReply(message, followUps, changed);
    }

    /**
     * The body of the HTTP answer: the ephemeral message, and the outcome as {@code egress_outcome}, a member Slack
     * does not read (it ignores unknown members of a response) so that a scripted caller need not parse the text.
     */
    public String toResponse() {
        return message.toEphemeralJson().put("egress_outcome", outcome.wireName()).toString();
    }
}
