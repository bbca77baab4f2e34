package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.notify.BlockedDigest;
import io.egressallowlist.shared.notify.BlockedDigests;

/**
 * Sends digests of blocked attempts ({@link BlockedDigestMessages}): a direct message to a person
 * ({@code chat.postMessage} to their Slack user id, which Slack delivers in the app's DM with them), or one post in
 * the approvals channel. A failure is Slack's {@link SlackException}, so that the digest is sent again next time.
 */
public final class SlackBlockedDigests implements BlockedDigests {

    private final SlackClient slack;
    private final String approvalsChannel;

    public SlackBlockedDigests(SlackClient slack, String approvalsChannel) {
        this.slack = slack;
        this.approvalsChannel = approvalsChannel;
    }

    @Override
    public void send(BlockedDigest digest) {
        String channel = digest.recipient().match(new BlockedDigest.Recipient.Cases<>(
                person -> person.slackUser().value(), approvals -> approvalsChannel));
        slack.postMessage(channel, BlockedDigestMessages.of(digest));
    }
}
