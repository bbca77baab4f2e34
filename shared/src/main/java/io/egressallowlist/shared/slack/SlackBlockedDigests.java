package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.notify.BlockedDigest;
import io.egressallowlist.shared.notify.BlockedDigests;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * Digests of blocked attempts as plain Slack text: a direct message to a person (chat.postMessage to their user
 * id), or a post in the approvals channel. Every host is data from a log record: it is escaped ({@code &}, {@code <},
 * {@code >}) and shown in a code span, so {@code <!channel>} or {@code *x*} reads as text and notifies nobody.
 */
public final class SlackBlockedDigests implements BlockedDigests {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Lines per message: a digest is a summary, the full list is {@code egress blocked}. */
    static final int MAX_LINES = 20;

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
        slack.postMessage(channel, SlackMessage.text(text(digest)));
    }

    /** The digest's text (mrkdwn), every host escaped. */
    public static String text(BlockedDigest digest) {
        StringBuilder text = new StringBuilder(digest.recipient().match(new BlockedDigest.Recipient.Cases<>(
                person -> "The firewall blocked these hosts for your Studio apps since ",
                approvals -> "Blocked hosts nobody could be told about since ")))
                .append(TIME.format(digest.since())).append(":\n");
        digest.lines().stream().limit(MAX_LINES).forEach(line -> text.append(line(line)).append('\n'));
        if (digest.lines().size() > MAX_LINES) {
            text.append("… and ").append(digest.lines().size() - MAX_LINES).append(" more (egress blocked).\n");
        }
        return text.append("Request one with `egress blocked --request <host> --reason …`.").toString();
    }

    private static String line(BlockedDomain line) {
        StringBuilder text = new StringBuilder("• ").append(code(line.host().shown())).append(" × ").append(line.count());
        if (line.people() > 1) {
            text.append(" (").append(line.people()).append(" people)");
        }
        if (line.allowedNow()) {
            text.append(" — allowed now");
        } else if (line.openRequest().isPresent()) {
            text.append(" — request ").append(code(line.openRequest().get().toString())).append(" is open");
        } else if (line.suggestion().isPresent()) {
            text.append(" — request ").append(code(line.suggestion().get().target()));
        }
        return text.toString();
    }

    private static String code(String data) {
        return "`" + BlockKitMessages.escape(data.replace('`', '\'')) + "`";
    }
}
