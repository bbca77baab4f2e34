package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.CapacityWarning;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.slack.SlackReply.FollowUp;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the {@code /egress} slash command is answered with, one method per outcome. Slack shows the answer to
 * the user alone; only a new request is followed by a message (its card in the approvals channel).
 *
 * @param channelId the approvals channel, named in replies
 * @param quorum    the policy's quorum, shown in status lines
 */
public record CommandReplies(SlackNotifier notifier, String channelId, int quorum) {

    /** Entries listed by {@code /egress allowlist}: a Slack message stays readable (the CLI lists them all). */
    private static final int ALLOWLIST_LIMIT = 50;

    // ---- request ------------------------------------------------------------------------------------

    public SlackReply requestUsage() {
        return SlackReply.of("Say which domain and why: `/egress request <domain> <reason…>`, for example "
                + "`/egress request huggingface.co download model weights for the churn model`; in a scope's"
                + " allow-list: `/egress request <domain> --scope <scope> <reason…>`.");
    }

    /** A new request: pending (its card is posted to the approvals channel) or pre-approved by policy. */
    public SlackReply submitted(AllowlistRequest request, boolean autoApproved) {
        return submitted(request, autoApproved, List.of());
    }

    /** A new request with the allow-list's capacity warnings, shown in the reply and on the card. */
    public SlackReply submitted(AllowlistRequest request, boolean autoApproved, List<CapacityWarning> warnings) {
        String text = autoApproved
                ? ":white_check_mark: " + BlockKitMessages.subject(request) + " is pre-approved by policy: request `"
                + request.id() + "` is approved for " + BlockKitMessages.duration(request.grantDuration())
                + " and the firewall will be updated shortly."
                : ":inbox_tray: Request `" + request.id() + "` for " + BlockKitMessages.subject(request)
                + " (" + BlockKitMessages.duration(request.grantDuration()) + ") is waiting for "
                + approversNeeded() + " in <#" + channelId + ">. You will get a direct message with the outcome.";
        if (!warnings.isEmpty()) {
            text += "\n" + CapacityNotes.text(warnings);
        }
        return new SlackReply(BlockKitMessages.reply(text), List.of(new FollowUp("request card",
                () -> notifier.requestSubmitted(request, warnings))));
    }

    public SlackReply alreadyOpen(AllowlistRequest request) {
        return SlackReply.of("There is already an open request for " + BlockKitMessages.subject(request) + ": `"
                + request.id() + "` by " + BlockKitMessages.person(request.requester().slack()
                .orElse(request.requester().principal())) + ", "
                + BlockKitMessages.statusLine(request, quorum) + ". Nothing new was submitted.");
    }

    /** The same slash command delivered again (same trigger). */
    public SlackReply alreadyReceived(AllowlistRequest request) {
        return SlackReply.of("Already received: request `" + request.id() + "` for " + BlockKitMessages.subject(request)
                + ", " + BlockKitMessages.statusLine(request, quorum) + ".");
    }

    /** The trigger was already used for another request. */
    public SlackReply alreadyUsed(AllowlistRequest original) {
        return SlackReply.of(":warning: Not submitted: this command was already received for request `"
                + original.id() + "` (" + BlockKitMessages.subject(original) + ").");
    }

    public SlackReply rollbackAlreadyOpen(AllowlistRequest open) {
        return SlackReply.of(":warning: Not submitted: rollback request `" + open.id() + "` is still open;"
                + " only one rollback can be open at a time.");
    }

    public SlackReply alreadyAllowed(DomainName requested, String entry, VersionNumber version) {
        return SlackReply.of(":white_check_mark: `" + requested.target() + "` is already allowed by the entry `" + entry
                + "` (version " + version + "); there is nothing to request.");
    }

    public SlackReply invalid(String message) {
        return SlackReply.of(":warning: Not submitted: " + BlockKitMessages.escape(message));
    }

    public SlackReply refusedByPolicy(String rule, String message) {
        return SlackReply.of(":no_entry: Not submitted: refused by policy rule `" + BlockKitMessages.escape(rule) + "`. "
                + BlockKitMessages.escape(message));
    }

    // ---- status and list ----------------------------------------------------------------------------

    public SlackReply recentRequests(List<AllowlistRequest> mine) {
        if (mine.isEmpty()) {
            return SlackReply.of("You have no requests made from Slack. Ask for a domain with "
                    + "`/egress request <domain> <reason…>`.");
        }
        StringBuilder text = new StringBuilder("Your most recent requests:");
        mine.forEach(request -> text.append("\n• ").append(line(request)));
        return SlackReply.of(text.toString());
    }

    public SlackReply statusUsage() {
        return SlackReply.of("`/egress status` takes at most one request id, for example `/egress status "
                + "01JD8X3Q4T5V6W7X8Y9Z0ABCDE`.");
    }

    public SlackReply notARequestId(String text) {
        return SlackReply.of(":warning: `" + BlockKitMessages.escape(truncate(text, 40)) + "` is not a request id. "
                + "A request id has 26 characters, such as `01JD8X3Q4T5V6W7X8Y9Z0ABCDE`.");
    }

    /** {@code requestId}: a well-formed request id that no request has. */
    public SlackReply noSuchRequest(String requestId) {
        return SlackReply.of("No request has the id `" + requestId + "`.");
    }

    /** The request's card as it stands, without buttons. */
    public SlackReply card(AllowlistRequest request) {
        return new SlackReply(BlockKitMessages.card(request, quorum).withoutButtons(), List.of());
    }

    /** The requests waiting for approval, oldest first; {@code more} when the queue goes on. */
    public SlackReply pending(List<AllowlistRequest> oldestFirst, boolean more) {
        if (oldestFirst.isEmpty()) {
            return SlackReply.of("No requests are waiting for approval.");
        }
        StringBuilder text = new StringBuilder("Requests waiting for approval (oldest first):");
        oldestFirst.forEach(request -> text.append("\n• ").append(line(request)).append(" · by ")
                .append(BlockKitMessages.person(request.requester().slack().orElse(request.requester().principal()))));
        if (more) {
            text.append("\n…and more; the request API lists them all.");
        }
        return SlackReply.of(text.toString());
    }

    public SlackReply listUsage() {
        return SlackReply.of("`/egress list` takes no arguments.\n\n" + helpText());
    }

    // ---- check --------------------------------------------------------------------------------------

    public SlackReply checkUsage() {
        return SlackReply.of("Name one domain: `/egress check <domain>`, for example `/egress check pypi.org`.");
    }

    public SlackReply invalidDomain(String message) {
        return SlackReply.of(":warning: " + BlockKitMessages.escape(message));
    }

    public SlackReply nothingApplied(DomainName name) {
        return SlackReply.of("No allow-list version has been applied to the firewall yet, so `" + name.target()
                + "` is not allowed.");
    }

    public SlackReply allowed(DomainName name, String entry, VersionNumber version) {
        return SlackReply.of(":white_check_mark: `" + name.target() + "` is allowed by the entry `" + entry
                + "` (version " + version + ").");
    }

    public SlackReply notAllowed(DomainName name, VersionNumber version) {
        return SlackReply.of(":no_entry_sign: `" + name.target() + "` is not allowed (version " + version
                + "). Ask for it with `/egress request " + name.target() + " <why you need it>`.");
    }

    // ---- allowlist, versions ------------------------------------------------------------------------

    /** The allow-list as applied to the firewall; at most {@code ALLOWLIST_LIMIT} entries are listed. */
    public SlackReply allowlist(Optional<AllowlistVersion> applied) {
        return allowlist(ScopeName.DEFAULT, applied);
    }

    /** {@code scope}'s allow-list as applied to its rule group; at most {@code ALLOWLIST_LIMIT} entries are listed. */
    public SlackReply allowlist(ScopeName scope, Optional<AllowlistVersion> applied) {
        if (applied.isEmpty()) {
            return SlackReply.of("No allow-list version" + ofScope(scope) + " has been applied to the firewall yet.");
        }
        AllowlistVersion version = applied.get();
        StringBuilder text = new StringBuilder("*The allow-list" + ofScope(scope) + "* (version " + version.number()
                + ", " + version.targets().size() + " entries" + (version.mode() == ScopeMode.LEARN
                ? "; learning: what it does not hold passes and is recorded" : "") + "):");
        version.targets().stream().limit(ALLOWLIST_LIMIT)
                .forEach(target -> text.append("\n• `").append(BlockKitMessages.escape(target)).append('`'));
        if (version.targets().size() > ALLOWLIST_LIMIT) {
            text.append("\n… and ").append(version.targets().size() - ALLOWLIST_LIMIT)
                    .append(" more: `egress allowlist` lists them all.");
        }
        return SlackReply.of(text.toString());
    }

    public SlackReply versions(List<VersionLog.VersionSummary> versions) {
        return versions(ScopeName.DEFAULT, versions);
    }

    /** The newest versions of {@code scope}'s allow-list. */
    public SlackReply versions(ScopeName scope, List<VersionLog.VersionSummary> versions) {
        if (versions.isEmpty()) {
            return SlackReply.of("There is no allow-list version" + ofScope(scope) + " yet.");
        }
        StringBuilder text = new StringBuilder("*Allow-list versions" + ofScope(scope) + "*, newest first:");
        versions.forEach(v -> text.append("\n• *").append(v.number()).append("* ")
                .append(BlockKitMessages.escape(v.cause().describe())).append(", ")
                .append(v.targetCount()).append(" entries, ")
                .append(BlockKitMessages.escape(v.applyStatus().name().toLowerCase(Locale.ROOT))).append(", by ")
                .append(BlockKitMessages.escape(v.actor())));
        return SlackReply.of(text.toString());
    }

    /** {@code /egress allowlist <name>} naming no scope of the deployment. */
    public SlackReply unknownScope(String subcommand, String named, List<ScopeName> known) {
        return SlackReply.of(":warning: There is no scope `" + BlockKitMessages.escape(truncate(named, 40))
                + "`; the scopes are " + scopeList(known) + ". Name one: `/egress " + subcommand + " <scope>`.")
                .withOutcome(SlackReply.Outcome.REFUSED);
    }

    /** {@code /egress allowlist} in a deployment with no {@code default} scope: which one is meant cannot be told. */
    public SlackReply scopeRequired(String subcommand, List<ScopeName> known) {
        return SlackReply.of("Name the scope: `/egress " + subcommand + " <scope>`, one of " + scopeList(known) + ".")
                .withOutcome(SlackReply.Outcome.REFUSED);
    }

    public SlackReply noArguments(String subcommand) {
        return SlackReply.of("`/egress " + subcommand + "` takes no arguments.\n\n" + helpText());
    }

    // ---- blocked ------------------------------------------------------------------------------------

    /** The caller's own blocked attempts (or everyone's, for {@code all}), with a Request button per host. */
    public SlackReply blocked(List<BlockedDomain> lines, Instant since, boolean everyone) {
        return new SlackReply(BlockedDigestMessages.forCommand(lines, since, everyone), List.of());
    }

    /** {@code /egress blocked} from someone no Studio user profile is linked to ({@code IDENTITY_LINKS}). */
    public SlackReply blockedNotLinked() {
        return SlackReply.of("Your Slack user is linked to no SageMaker Studio user profile, so no blocked attempt is"
                + " yours. Ask an operator to link it (`IDENTITY_LINKS`), or use `egress blocked` from your Studio app.")
                .withOutcome(SlackReply.Outcome.NOT_FOUND);
    }

    public SlackReply blockedNotAnApprover(String reason) {
        return SlackReply.of(":no_entry: `/egress blocked all`: " + BlockKitMessages.escape(reason) + ". `/egress blocked`"
                + " shows your own.").withOutcome(SlackReply.Outcome.FORBIDDEN);
    }

    public SlackReply blockedUsage() {
        return SlackReply.of("`/egress blocked` shows your own blocked attempts; `/egress blocked all` everyone's"
                + " (approvers).\n\n" + helpText()).withOutcome(SlackReply.Outcome.REFUSED);
    }

    public SlackReply blockedUnavailable() {
        return SlackReply.of("Blocked attempts are not available from Slack in this deployment (`BLOCKED_TABLE`);"
                + " use `egress blocked`.").withOutcome(SlackReply.Outcome.UNAVAILABLE);
    }

    // ---- help ---------------------------------------------------------------------------------------

    public SlackReply help() {
        return SlackReply.of(helpText());
    }

    public SlackReply unknownSubcommand(String subcommand) {
        return SlackReply.of("Unknown subcommand `" + BlockKitMessages.escape(truncate(subcommand, 40)) + "`.\n\n"
                + helpText());
    }

    // ---- pieces -------------------------------------------------------------------------------------

    private static String helpText() {
        return """
                *`/egress`* asks for and checks egress from SageMaker Studio:
                • `/egress request <domain> <reason…>`: ask for a domain (`.example.com` for it and every subdomain);
                  `--scope <scope>` after the domain asks in that scope's allow-list
                • `/egress status [request id]`: your recent requests, or one request
                • `/egress list`: the requests waiting for approval
                • `/egress check <domain>`: is it allowed now, and by which entry
                • `/egress allowlist [scope]`: the allow-list (of a scope) as applied to the firewall
                • `/egress versions [scope]`: the newest allow-list versions (of a scope)
                • `/egress blocked [all]`: what the firewall refused your Studio apps (a day), with a Request button;
                  `all`: everyone's, for approvers
                • `/egress help`: this list""";
    }

    private String line(AllowlistRequest request) {
        return "`" + request.id() + "` " + BlockKitMessages.subject(request) + ": "
                + BlockKitMessages.statusLine(request, quorum);
    }

    /** {@code " of scope `risk`"}; nothing for {@code default}, the one list of a deployment without scopes. */
    private static String ofScope(ScopeName scope) {
        return scope.isDefault() ? "" : " of scope `" + BlockKitMessages.escape(scope.value()) + "`";
    }

    private static String scopeList(List<ScopeName> scopes) {
        return String.join(", ", scopes.stream().map(s -> "`" + BlockKitMessages.escape(s.value()) + "`").toList());
    }

    private String approversNeeded() {
        return quorum == 1 ? "an approver" : quorum + " approvers";
    }

    /** {@code text} cut to {@code limit} characters, with an ellipsis when cut. */
    private static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }
}
