package io.egressallowlist.functions.slackinteractions;

import io.egressallowlist.shared.api.ScopeQueries;
import io.egressallowlist.shared.approvals.Approvals;
import io.egressallowlist.shared.approvals.CheckResult;
import io.egressallowlist.shared.approvals.Submission;
import io.egressallowlist.shared.blocked.BlockedQueries;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.StudioIdentity;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.slack.CommandReplies;
import io.egressallowlist.shared.slack.SlackReply;
import io.egressallowlist.shared.slack.SlackRequests.SlashCommand;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code /egress} slash command, translated: its text into a subcommand and typed arguments, the call to
 * {@link Approvals}, and the result into Slack's answer ({@link CommandReplies}).
 *
 * <pre>
 *   /egress request &lt;domain&gt; [--scope &lt;scope&gt;] &lt;reason…&gt;   /egress status [request id]   /egress list
 *   /egress check &lt;domain&gt;
 *   /egress allowlist [scope]   /egress versions [scope]   /egress blocked [all]   /egress help
 * </pre>
 */
record EgressCommands(Approvals approvals, CommandReplies replies, ScopeQueries scopes, Clock clock, JsonLog log) {

    /** Versions {@code /egress versions} lists. */
    static final int RECENT_VERSIONS = 10;

    /** How far back {@code /egress blocked} looks: a day, as {@code egress blocked} does by default. */
    static final Duration BLOCKED_WINDOW = Duration.ofHours(24);

    SlackReply answer(SlashCommand command) {
        String text = command.text() == null ? "" : command.text().strip();
        String[] words = text.split("\\s+", 2);
        String subcommand = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        log.info("Slash command", "subcommand", subcommand.isEmpty() ? "(none)" : truncate(subcommand, 20),
                "user", command.user().value());
        return switch (subcommand) {
            case "request" -> request(command, rest);
            case "status" -> status(command, rest);
            case "list" -> rest.isEmpty() ? pending() : replies.listUsage();
            case "check" -> check(rest);
            case "allowlist" -> inScope(subcommand, rest,
                    scope -> replies.allowlist(scope, scopes.in(scope).current()));
            case "versions" -> inScope(subcommand, rest,
                    scope -> replies.versions(scope, scopes.in(scope).versions(null, RECENT_VERSIONS).items()));
            case "blocked" -> blocked(command, rest.toLowerCase(Locale.ROOT));
            case "", "help" -> replies.help();
            default -> replies.unknownSubcommand(subcommand);
        };
    }

    /**
     * {@code answer} for the scope {@code rest} names, else {@code default} when the deployment has it. In a
     * deployment with one list there is nothing to name: anything but its name is an argument too many.
     */
    private SlackReply inScope(String subcommand, String rest, Function<ScopeName, SlackReply> answer) {
        Optional<ScopeName> named = rest.isEmpty() ? Optional.empty() : scopeName(rest);
        if (!rest.isEmpty() && (named.isEmpty() || scopes.scopes().find(named.get()).isEmpty())) {
            return scopes.scopes().isSingle() ? replies.noArguments(subcommand)
                    : replies.unknownScope(subcommand, rest, scopes.scopes().names());
        }
        return scopes.choose(named, new StudioIdentity.NotStudio()).match(new ScopeQueries.Choice.Cases<>(
                chosen -> answer.apply(chosen.scope().name()),
                unknown -> replies.unknownScope(subcommand, rest, unknown.known()),
                required -> replies.scopeRequired(subcommand, required.known())));
    }

    private static Optional<ScopeName> scopeName(String text) {
        try {
            return Optional.of(ScopeName.of(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code <domain> [--scope <scope>] <reason…>}: without a scope the request goes to {@code default} where the
     * deployment has it (a Slack user has no Studio domain to take one from); the scope's name is checked with the
     * request, so a bad one is refused and nothing is stored.
     */
    private SlackReply request(SlashCommand command, String rest) {
        String[] parts = rest.split("\\s+", 2);
        if (rest.isEmpty() || parts.length < 2 || parts[1].isBlank()) {
            return replies.requestUsage();
        }
        String scope = null;
        String reason = parts[1].strip();
        if (reason.startsWith("--scope")) {
            String[] scoped = reason.split("\\s+", 3);
            if (!scoped[0].equals("--scope") || scoped.length < 3 || scoped[2].isBlank()) {
                return replies.requestUsage();
            }
            scope = scoped[1];
            reason = scoped[2].strip();
        }
        SubmitOutcome outcome = approvals.submit(
                new Submission(command.user(), parts[0], reason, command.triggerId(), scope));
        return outcome.match(new SubmitOutcome.Cases<>(
                submitted -> replies.submitted(submitted.request(), submitted.autoApproved(), submitted.warnings()),
                existing -> replies.alreadyOpen(existing.request()),
                replayed -> replies.alreadyReceived(replayed.request()),
                keyReused -> replies.alreadyUsed(keyReused.original()),
                rollbackOpen -> replies.rollbackAlreadyOpen(rollbackOpen.open()),
                allowed -> replies.alreadyAllowed(allowed.requested(), allowed.entry(), allowed.version()),
                invalid -> replies.invalid(invalid.message()),
                refused -> replies.refusedByPolicy(refused.rule(), refused.message())));
    }

    /** The caller's own attempts of the last day, as {@code egress blocked} shows them; {@code all}: everyone's. */
    private SlackReply blocked(SlashCommand command, String rest) {
        if (!rest.isEmpty() && !rest.equals("all")) {
            return replies.blockedUsage();
        }
        Instant since = clock.instant().minus(BLOCKED_WINDOW);
        if (rest.equals("all")) {
            return approvals.blockedAll(command.user(), since).map(view -> view.match(
                    new BlockedQueries.AllView.Cases<>(everyone -> replies.blocked(everyone.lines(), since, true),
                            refused -> replies.blockedNotAnApprover(refused.reason()))))
                    .orElseGet(replies::blockedUnavailable);
        }
        if (!approvals.linked(command.user())) {
            return replies.blockedNotLinked();
        }
        return approvals.blockedMine(command.user(), since).map(lines -> replies.blocked(lines, since, false))
                .orElseGet(replies::blockedUnavailable);
    }

    private SlackReply status(SlashCommand command, String rest) {
        if (rest.isEmpty()) {
            return replies.recentRequests(approvals.recentRequests(command.user()));
        }
        if (rest.contains(" ")) {
            return replies.statusUsage();
        }
        Optional<RequestId> named = Clicks.requestId(rest);
        if (named.isEmpty()) {
            return replies.notARequestId(rest);
        }
        return approvals.request(named.get()).map(replies::card).orElseGet(() -> replies.noSuchRequest(rest));
    }

    private SlackReply pending() {
        Approvals.Pending pending = approvals.pending();
        return replies.pending(pending.requests(), pending.more());
    }

    private SlackReply check(String rest) {
        if (rest.isEmpty() || rest.contains(" ")) {
            return replies.checkUsage();
        }
        return DomainName.parseHost(rest).match(new DomainName.ParseResult.Cases<>(valid -> check(valid.domainName()),
                invalid -> replies.invalidDomain(invalid.message())));
    }

    private SlackReply check(DomainName name) {
        return approvals.check(name).match(new CheckResult.Cases<>(nothing -> replies.nothingApplied(name),
                allowed -> replies.allowed(name, allowed.entry(), allowed.version()),
                notAllowed -> replies.notAllowed(name, notAllowed.version())));
    }

    private static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }
}
