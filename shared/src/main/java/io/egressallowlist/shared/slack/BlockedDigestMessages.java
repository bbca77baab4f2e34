package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.notify.BlockedDigest;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static io.egressallowlist.shared.slack.Blocks.button;
import static io.egressallowlist.shared.slack.Blocks.context;
import static io.egressallowlist.shared.slack.Blocks.escapeWithin;
import static io.egressallowlist.shared.slack.Blocks.plainText;
import static io.egressallowlist.shared.slack.Blocks.section;

/**
 * Digests of blocked attempts as Block Kit messages, one section per host with its count and when it was last
 * seen.
 *
 * <ul>
 *   <li>To a person (a direct message): their own attempts, each host that can be requested with a
 *       {@link ActionIds#REQUEST_BLOCKED} button whose value is the suggested entry (at most
 *       {@link RequestForm#MAX_DOMAIN} characters; Slack allows 2,000), which opens the request form.</li>
 *   <li>To the approvals channel: the attempts nobody could be told about (a shared space, a whole Studio domain,
 *       no attribution, a person without a Slack link), with the number of people and no Request button: nobody
 *       asked, so nothing is requested on anyone's behalf; an approver who wants one asks with
 *       {@code /egress request} and the suggestion shown.</li>
 * </ul>
 *
 * <p>A host is data from a log record: it is escaped ({@code &}, {@code <}, {@code >}; aws-api-notes §9), its
 * backticks turned into quotes so it cannot leave its code span, and cut to {@link #HOST_LIMIT} characters, so
 * {@code <!channel>}, {@code <@U…>} or {@code *x*} read as text and notify nobody. At most {@link #SHOWN} hosts are
 * listed, then "and K more": Slack takes at most 50 blocks per message, 3,000 characters per section text, 150 per
 * header and 75 per button label (https://docs.slack.dev/reference/block-kit/blocks).
 */
public final class BlockedDigestMessages {

    /** Hosts listed in one message. */
    public static final int SHOWN = 20;
    /** The longest a host is shown, escaped. */
    static final int HOST_LIMIT = 300;
    private static final int FALLBACK_HOSTS = 3;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BlockedDigestMessages() {
    }

    /** The message for {@code digest}'s recipient. */
    public static SlackMessage of(BlockedDigest digest) {
        return digest.recipient().match(new BlockedDigest.Recipient.Cases<>(
                person -> toPerson(digest), channel -> toApprovers(digest)));
    }

    private static SlackMessage toPerson(BlockedDigest digest) {
        ArrayNode blocks = NODES.arrayNode();
        blocks.addObject().put("type", "header").set("text", plainText("Blocked by the egress firewall"));
        blocks.add(section("Since " + BlockKitMessages.when(digest.since()) + ", the egress firewall refused connections"
                + " from your Studio apps to " + hosts(digest.lines().size()) + ". If you need one, *Request* it:"
                + " approvers decide, and you get a direct message with the outcome."));
        List<BlockedDomain> shown = digest.lines().stream().limit(SHOWN).toList();
        for (int i = 0; i < shown.size(); i++) {
            BlockedDomain line = shown.get(i);
            ObjectNode section = section(personLine(line)).put("block_id", "blocked-" + i);
            if (requestable(line)) {
                section.set("accessory", button("Request", ActionIds.REQUEST_BLOCKED,
                        line.suggestion().orElseThrow().target(), "primary"));
            }
            blocks.add(section);
        }
        more(blocks, digest);
        return new SlackMessage(fallback("The egress firewall refused " + hosts(digest.lines().size())
                + " for your Studio apps: ", digest), blocks);
    }

    private static SlackMessage toApprovers(BlockedDigest digest) {
        ArrayNode blocks = NODES.arrayNode();
        blocks.addObject().put("type", "header").set("text", plainText("Blocked attempts nobody was told about"));
        blocks.add(section("Since " + BlockKitMessages.when(digest.since()) + ", the egress firewall refused "
                + hosts(digest.lines().size()) + " for Studio apps whose user could not be told (a shared space, a"
                + " whole Studio domain, no attribution, or no Slack link). Nothing is requested on anyone's behalf;"
                + " `/egress request <domain> <reason…>` asks for one."));
        List<BlockedDomain> shown = digest.lines().stream().limit(SHOWN).toList();
        for (int i = 0; i < shown.size(); i++) {
            blocks.add(section(approverLine(shown.get(i))).put("block_id", "blocked-" + i));
        }
        more(blocks, digest);
        return new SlackMessage(fallback("Blocked attempts nobody was told about: ", digest), blocks);
    }

    /**
     * The answer to {@code /egress blocked}, shown to the caller alone: their own attempts since {@code since}, each
     * requestable host with the same {@link ActionIds#REQUEST_BLOCKED} button as a digest; with {@code everyone}
     * (approvers), every attempt with the number of people and no button (nothing is requested on anyone's behalf).
     */
    public static SlackMessage forCommand(List<BlockedDomain> lines, Instant since, boolean everyone) {
        ArrayNode blocks = NODES.arrayNode();
        String lead = everyone ? "Since " + BlockKitMessages.when(since) + ", the egress firewall refused "
                + hosts(lines.size()) + " for Studio apps." : "Since " + BlockKitMessages.when(since)
                + ", the egress firewall refused connections from your Studio apps to " + hosts(lines.size())
                + (lines.isEmpty() ? "." : ". If you need one, *Request* it: approvers decide.");
        blocks.add(section(lead));
        List<BlockedDomain> shown = lines.stream().limit(SHOWN).toList();
        for (int i = 0; i < shown.size(); i++) {
            BlockedDomain line = shown.get(i);
            ObjectNode section = section(everyone ? approverLine(line) : personLine(line)).put("block_id", "blocked-" + i);
            if (!everyone && requestable(line)) {
                section.set("accessory", button("Request", ActionIds.REQUEST_BLOCKED,
                        line.suggestion().orElseThrow().target(), "primary"));
            }
            blocks.add(section);
        }
        if (lines.size() > SHOWN) {
            blocks.add(context("…and " + (lines.size() - SHOWN) + " more; `egress blocked` lists them all."));
        }
        String named = lines.stream().limit(FALLBACK_HOSTS).map(line -> escapeWithin(line.host().shown(), 80))
                .collect(Collectors.joining(", "));
        return new SlackMessage("Blocked by the egress firewall: " + hosts(lines.size())
                + (named.isEmpty() ? "." : ": " + named + (lines.size() > FALLBACK_HOSTS ? " and more." : ".")), blocks);
    }

    /** {@code `host` · 3 attempts · last seen <date>}, and what can be done about it. */
    static String personLine(BlockedDomain line) {
        StringBuilder text = new StringBuilder(facts(line));
        if (line.allowedNow()) {
            text.append("\n:white_check_mark: Allowed now; try again.");
        } else if (line.openRequest().isPresent()) {
            text.append("\n:hourglass_flowing_sand: Request `").append(line.openRequest().get()).append("` is open.");
        } else if (line.suggestion().isEmpty()) {
            text.append("\nNot a name that can be requested.");
        } else if (!line.suggestion().get().target().equals(line.host().shown())) {
            text.append("\nSuggested entry: ").append(code(line.suggestion().get().target()));
        }
        return text.toString();
    }

    static String approverLine(BlockedDomain line) {
        StringBuilder text = new StringBuilder(facts(line));
        if (line.people() > 0) {
            text.append(" · ").append(line.people()).append(line.people() == 1 ? " person" : " people");
        }
        if (line.allowedNow()) {
            text.append("\n:white_check_mark: Allowed now.");
        } else if (line.openRequest().isPresent()) {
            text.append("\n:hourglass_flowing_sand: Request `").append(line.openRequest().get()).append("` is open.");
        } else if (line.suggestion().isPresent()) {
            text.append("\nSuggested entry: ").append(code(line.suggestion().get().target()));
        } else {
            text.append("\nNot a name that can be requested.");
        }
        return text.toString();
    }

    private static boolean requestable(BlockedDomain line) {
        return line.suggestion().isPresent() && !line.allowedNow() && line.openRequest().isEmpty();
    }

    private static String facts(BlockedDomain line) {
        return code(line.host().shown()) + " · " + line.count() + (line.count() == 1 ? " attempt" : " attempts")
                + " · last seen " + BlockKitMessages.when(line.lastSeen());
    }

    private static void more(ArrayNode blocks, BlockedDigest digest) {
        int more = digest.lines().size() - SHOWN;
        if (more > 0) {
            blocks.add(context("…and " + more + " more; `egress blocked` lists them all."));
        }
    }

    /** The notification text: a few hosts, escaped and cut, and how many more. */
    private static String fallback(String lead, BlockedDigest digest) {
        String named = digest.lines().stream().limit(FALLBACK_HOSTS)
                .map(line -> escapeWithin(line.host().shown(), 80)).collect(Collectors.joining(", "));
        int more = digest.lines().size() - FALLBACK_HOSTS;
        return lead + named + (more > 0 ? " and " + more + " more." : ".");
    }

    /** A host in a code span: escaped, its backticks made quotes, cut to {@link #HOST_LIMIT}. */
    static String code(String data) {
        return "`" + escapeWithin(data.replace('`', '\''), HOST_LIMIT) + "`";
    }

    private static String hosts(int count) {
        return count == 1 ? "1 host" : count + " hosts";
    }
}
