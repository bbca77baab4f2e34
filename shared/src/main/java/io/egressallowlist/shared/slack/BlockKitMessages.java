package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.VersionDiff;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.egressallowlist.shared.slack.Blocks.blocksOf;
import static io.egressallowlist.shared.slack.Blocks.button;
import static io.egressallowlist.shared.slack.Blocks.confirm;
import static io.egressallowlist.shared.slack.Blocks.context;
import static io.egressallowlist.shared.slack.Blocks.escapeWithin;
import static io.egressallowlist.shared.slack.Blocks.mrkdwn;
import static io.egressallowlist.shared.slack.Blocks.plain;
import static io.egressallowlist.shared.slack.Blocks.plainText;
import static io.egressallowlist.shared.slack.Blocks.section;
import static io.egressallowlist.shared.slack.Blocks.truncate;

/**
 * The Block Kit messages of the control plane (aws-api-notes §5, ARCHITECTURE §8). Every card shows who
 * asked, for what, why and for how long, and once decided, who decided and when. Every message has a
 * plain-text fallback.
 *
 * <p>Anything a user typed (justifications, notes, principals) is escaped ({@code &}, {@code <},
 * {@code >}, as Slack requires for mrkdwn), so a justification cannot contain a working
 * {@code <!channel>}, {@code <@U…>} mention or {@code <https://…|link>}.
 */
public final class BlockKitMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern SLACK_USER = Pattern.compile("(slack:)?([UW][A-Z0-9]{8,20})");
    /** Slack's limits: a section text or field 3,000 / 2,000 characters, a header 150, a button label 75. */
    private static final int SECTION_LIMIT = 2_900;
    private static final int HEADER_LIMIT = 150;
    private static final int LISTED = 15;

    private BlockKitMessages() {
    }

    // ---- request cards ------------------------------------------------------------------------------

    /** The card for a request as it stands now: with buttons while pending, with the decision afterwards. */
    public static SlackMessage card(AllowlistRequest request, int quorum) {
        return request.status() == RequestStatus.PENDING ? pendingCard(request, quorum) : decidedCard(request);
    }

    /**
     * The card posted for a new request: Approve / Deny for a domain, Approve rollback / Deny for a
     * rollback; each button's value is the request id. With a quorum above one it shows the approvals so far.
     */
    public static SlackMessage pendingCard(AllowlistRequest request, int quorum) {
        ArrayNode blocks = cardBlocks(request, pendingStatus(request, quorum));
        ArrayNode buttons = blocks.addObject().put("type", "actions").put("block_id", "decision").putArray("elements");
        boolean rollback = request.kind() == RequestKind.ROLLBACK;
        buttons.add(button(rollback ? "Approve rollback" : "Approve",
                rollback ? ActionIds.APPROVE_ROLLBACK : ActionIds.APPROVE, request.id().value(), "primary")
                .set("confirm", confirm(rollback ? "Roll back the allow-list?" : "Approve this request?",
                        RequestTexts.approvalEffect(request), "Approve", "primary")));
        buttons.add(button("Deny", ActionIds.DENY, request.id().value(), "danger")
                .set("confirm", confirm("Deny this request?", "The requester will be told.", "Deny", "danger")));
        return new SlackMessage(fallback(request, pendingStatusText(request, quorum)), blocks);
    }

    /** The card after the decision: the outcome and who made it; Renew and Revoke while the grant can change. */
    public static SlackMessage decidedCard(AllowlistRequest request) {
        ArrayNode blocks = cardBlocks(request, decidedStatus(request));
        GrantActions.addTo(blocks, request);
        return new SlackMessage(fallback(request, plain(decidedStatus(request))), blocks);
    }

    /** A renewal reminder once its grant has expired or was revoked: without its Renew button. */
    public static SlackMessage renewalClosed(AllowlistRequest request) {
        return GrantActions.renewalClosed(request);
    }

    /** A reminder that a grant expires soon, with a Renew button for approvers. */
    public static SlackMessage renewReminder(AllowlistRequest request) {
        String text = ":hourglass: The grant for `" + escape(request.target().value()) + "` requested by "
                + requester(request) + " expires " + when(request.expiresAt()) + ". An approver can renew it.";
        ArrayNode blocks = NODES.arrayNode();
        blocks.add(section(text));
        blocks.add(section("*Justification*\n" + escapeWithin(request.justification(), SECTION_LIMIT - 20)));
        blocks.add(context("Request `" + request.id() + "`"));
        blocks.addObject().put("type", "actions").put("block_id", "renewal").putArray("elements")
                .add(button("Renew", ActionIds.RENEW, request.id().value(), "primary"));
        return new SlackMessage("The grant for " + escape(request.target().value()) + " expires " + utc(request.expiresAt())
                + "; an approver can renew it (request " + request.id() + ").", blocks);
    }

    /** The reminder once renewed: who renewed it, and the new expiry. */
    public static SlackMessage renewed(AllowlistRequest request, String renewedBy) {
        String text = ":white_check_mark: The grant for `" + escape(request.target().value()) + "` was renewed by "
                + person(renewedBy) + "; it now expires " + when(request.expiresAt()) + ".";
        ArrayNode blocks = NODES.arrayNode();
        blocks.add(section(text));
        blocks.add(context("Request `" + request.id() + "`"));
        return new SlackMessage(plain(text), blocks);
    }

    // ---- to the requester ---------------------------------------------------------------------------

    /** The direct message that tells the requester what became of their request. */
    public static SlackMessage requesterOutcome(AllowlistRequest request) {
        String subject = subject(request);
        String text = switch (request.status()) {
            case APPROVED, APPLYING -> "Your request for " + subject + " was approved by " + deciders(request)
                    + ". It takes effect once the firewall is updated; you will be told.";
            case ACTIVE -> request.kind() == RequestKind.DOMAIN
                    ? "Your request for " + subject + " is now in force"
                    + (request.version() == null ? "" : " (version " + request.version() + ")")
                    + (request.expiresAt() == null ? "." : ", until " + when(request.expiresAt()) + ".")
                    : "The " + subject + " is now in force.";
            case DENIED -> "Your request for " + subject + " was denied by " + person(request.decidedBy())
                    + (request.decisionNote() == null ? "." : ": " + escape(request.decisionNote()));
            case WITHDRAWN -> "You withdrew your request for " + subject + ".";
            case EXPIRED -> request.expiresAt() != null ? GrantEndings.toRequester(request, subject)
                    : "Your request for " + subject + " expired without a decision. Submit it again if you still need it.";
            case REVOKED -> GrantActions.revokedOutcome(request, subject);
            case PENDING -> "Your request for " + subject + " is waiting for approval.";
        };
        text += " (request `" + request.id() + "`)";
        ArrayNode blocks = NODES.arrayNode();
        blocks.add(section(text));
        return new SlackMessage(plain(text), blocks);
    }

    /** To the requester: their grant was renewed. */
    public static SlackMessage renewalNotice(AllowlistRequest request, String renewedBy) {
        String text = "Your grant for `" + escape(request.target().value()) + "` was renewed by " + person(renewedBy)
                + " until " + when(request.expiresAt()) + ". (request `" + request.id() + "`)";
        return new SlackMessage(plain(text), blocksOf(section(text)));
    }

    /** To the requester: their grant expires soon. */
    public static SlackMessage expiryNotice(AllowlistRequest request) {
        String text = ":hourglass: Your grant for `" + escape(request.target().value()) + "` expires " + when(request.expiresAt())
                + ". An approver can renew it from the reminder in the approvals channel. (request `"
                + request.id() + "`)";
        return new SlackMessage(plain(text), blocksOf(section(text)));
    }

    // ---- to the channel -----------------------------------------------------------------------------

    public static SlackMessage versionApplied(AllowlistVersion version, VersionDiff change, List<AllowlistRequest> activated,
                                              List<AllowlistRequest> revoked) {
        StringBuilder text = new StringBuilder(":shield: Version " + version.number() + " is on the firewall ("
                + change.summary() + ", " + version.targets().size() + " entries).");
        appendList(text, "Added", change.added());
        appendList(text, "Removed", change.removed());
        if (!activated.isEmpty()) {
            text.append("\nNow in force: ").append(activated.stream().map(BlockKitMessages::subject)
                    .collect(Collectors.joining(", ")));
        }
        if (!revoked.isEmpty()) {
            text.append("\nRevoked: ").append(revoked.stream().map(BlockKitMessages::subject)
                    .collect(Collectors.joining(", ")));
        }
        String body = truncate(text.toString(), SECTION_LIMIT);
        return new SlackMessage("Version " + version.number() + " is on the firewall (" + change.summary() + ").",
                blocksOf(section(body)));
    }

    public static SlackMessage driftDetected(VersionDiff drift, String mode) {
        StringBuilder text = new StringBuilder(":warning: *Drift*: the rule group was changed outside the control plane ("
                + drift.summary() + "). Mode " + escape(mode) + ": "
                + ("ADOPT".equalsIgnoreCase(mode) ? "the change was adopted as a new version."
                : "the approved list was written back."));
        appendList(text, "Added outside the control plane", drift.added());
        appendList(text, "Removed outside the control plane", drift.removed());
        return new SlackMessage("Drift detected on the egress rule group (" + drift.summary() + ").",
                blocksOf(section(truncate(text.toString(), SECTION_LIMIT))));
    }

    public static SlackMessage staleEntries(List<String> targets, boolean removed) {
        StringBuilder text = new StringBuilder(":broom: " + targets.size() + " allow-list entr"
                + (targets.size() == 1 ? "y has" : "ies have") + " seen no traffic"
                + (removed ? " and will be removed." : "; consider removing them."));
        appendList(text, "Entries", targets);
        return new SlackMessage(targets.size() + " allow-list entries without traffic.",
                blocksOf(section(truncate(text.toString(), SECTION_LIMIT))));
    }

    public static SlackMessage studioDomainNoncompliant(String domainId, String reason) {
        String text = ":rotating_light: SageMaker Studio domain `" + escape(domainId)
                + "` is not protected by the egress firewall: " + escape(reason);
        return new SlackMessage(plain(text), blocksOf(section(truncate(text, SECTION_LIMIT))));
    }

    public static SlackMessage networkPostureNoncompliant(String resourceId, String reason) {
        String text = ":rotating_light: `" + escape(resourceId) + "` opens a way around the egress firewall: "
                + escape(reason);
        return new SlackMessage(plain(text), blocksOf(section(truncate(text, SECTION_LIMIT))));
    }

    public static SlackMessage reconcileFailed(String message) {
        String text = ":x: The firewall update failed and needs an operator: " + escape(message);
        return new SlackMessage(plain(text), blocksOf(section(truncate(text, SECTION_LIMIT))));
    }

    /** A short reply shown only to one user (slash commands, refused clicks). */
    public static SlackMessage reply(String mrkdwn) {
        return new SlackMessage(plain(mrkdwn), blocksOf(section(truncate(mrkdwn, SECTION_LIMIT))));
    }

    // ---- text ---------------------------------------------------------------------------------------

    /** Slack's mrkdwn escaping: {@code &}, {@code <} and {@code >} become entities; nothing else is needed. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A mention for a Slack identity ({@code U…} or {@code slack:U…}); otherwise the escaped principal. */
    public static String person(String principal) {
        if (principal == null) {
            return "someone";
        }
        var slack = SLACK_USER.matcher(principal);
        if (slack.matches()) {
            return "<@" + slack.group(2) + ">";
        }
        if (principal.startsWith("system:")) {
            return "the control plane (" + escape(principal.substring("system:".length())) + ")";
        }
        if (principal.startsWith("policy:")) {
            return "policy (" + escape(principal.substring("policy:".length()).strip()) + ")";
        }
        return "`" + escape(principal) + "`";
    }

    /** A date Slack shows in each reader's own time zone, with UTC as the fallback text. */
    public static String when(Instant at) {
        if (at == null) {
            return "(unknown)";
        }
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + UTC.format(at) + ">";
    }

    public static String duration(Duration duration) {
        if (duration == null) {
            return "not set";
        }
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return plural(seconds / 3_600, "hour");
        }
        return duration.toString();
    }

    static String subject(AllowlistRequest request) {
        return RequestTexts.subject(request);
    }

    static String statusLine(AllowlistRequest request, int quorum) {
        return request.status() == RequestStatus.PENDING ? pendingStatus(request, quorum) : decidedStatus(request);
    }

    // ---- pieces -------------------------------------------------------------------------------------

    private static ArrayNode cardBlocks(AllowlistRequest request, String status) {
        ArrayNode blocks = NODES.arrayNode();
        blocks.addObject().put("type", "header").set("text", plainText(truncate(RequestTexts.title(request),
                HEADER_LIMIT)));
        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        fields.add(mrkdwn("*Requester*\n" + requester(request)));
        fields.add(mrkdwn("*Scope*\n`" + escape(request.scope().value()) + "`"));
        RequestTexts.facts(request).forEach(fact -> fields.add(mrkdwn(fact)));
        fields.add(mrkdwn("*Status*\n" + truncate(status, 1_900)));
        blocks.add(section("*Justification*\n" + escapeWithin(request.justification(), SECTION_LIMIT - 20)));
        if (request.decisionNote() != null) {
            blocks.add(section("*Note*\n" + escapeWithin(request.decisionNote(), SECTION_LIMIT - 20)));
        }
        blocks.add(context("Request `" + request.id() + "` · submitted " + when(request.createdAt())
                + (request.status() == RequestStatus.PENDING && request.pendingUntil() != null
                ? " · open until " + when(request.pendingUntil()) : "")));
        return blocks;
    }

    private static String requester(AllowlistRequest request) {
        String who = request.requester().slack().map(BlockKitMessages::person)
                .orElseGet(() -> person(request.requester().principal()));
        return request.requester().studioProfile()
                .map(profile -> who + " (Studio profile `" + escape(profile) + "`)").orElse(who);
    }

    private static String pendingStatus(AllowlistRequest request, int quorum) {
        if (quorum <= 1 && request.approvals().isEmpty()) {
            return ":hourglass_flowing_sand: Waiting for an approver";
        }
        return ":hourglass_flowing_sand: " + request.approvals().size() + " of " + quorum + " approvals"
                + (request.approvals().isEmpty() ? "" : ": " + request.approvals().stream()
                .map(a -> person(a.approver())).collect(Collectors.joining(", ")));
    }

    private static String pendingStatusText(AllowlistRequest request, int quorum) {
        return plain(pendingStatus(request, quorum));
    }

    private static String decidedStatus(AllowlistRequest request) {
        return switch (request.status()) {
            case PENDING -> pendingStatus(request, 1);
            case APPROVED, APPLYING -> ":white_check_mark: Approved by " + deciders(request) + " "
                    + when(decidedAt(request)) + "; waiting for the firewall update";
            case ACTIVE -> ":white_check_mark: Approved by " + deciders(request) + " " + when(decidedAt(request))
                    + "; in force" + (request.version() == null ? "" : " since version " + request.version())
                    + (request.expiresAt() == null ? "" : " until " + when(request.expiresAt()));
            case DENIED -> ":no_entry: Denied by " + person(request.decidedBy()) + " " + when(request.updatedAt());
            case WITHDRAWN -> ":leftwards_arrow_with_hook: Withdrawn by the requester " + when(request.updatedAt());
            case EXPIRED -> request.expiresAt() != null ? GrantEndings.onCard(request)
                    : ":hourglass: Expired without a decision " + when(request.updatedAt());
            case REVOKED -> GrantActions.revokedStatus(request);
        };
    }

    private static String deciders(AllowlistRequest request) {
        if (!request.approvals().isEmpty()) {
            return request.approvals().stream().map(a -> person(a.approver())).collect(Collectors.joining(", "));
        }
        return person(request.decidedBy());
    }

    private static Instant decidedAt(AllowlistRequest request) {
        return request.approvals().isEmpty() ? request.updatedAt()
                : request.approvals().get(request.approvals().size() - 1).at();
    }

    private static String fallback(AllowlistRequest request, String status) {
        String who = request.requester().slack().orElse(request.requester().principal());
        return plain(RequestTexts.fallback(request) + " by " + escape(who) + ": " + status
                + " (request " + request.id() + ")");
    }

    private static void appendList(StringBuilder text, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        text.append("\n*").append(title).append("*: ");
        text.append(items.stream().limit(LISTED).map(item -> "`" + escape(item) + "`").collect(Collectors.joining(", ")));
        if (items.size() > LISTED) {
            text.append(" and ").append(items.size() - LISTED).append(" more");
        }
    }

    private static String plural(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }

    private static String utc(Instant at) {
        return at == null ? "(unknown)" : UTC.format(at);
    }
}
