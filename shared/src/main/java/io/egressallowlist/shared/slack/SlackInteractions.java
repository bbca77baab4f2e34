package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Approvers;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.TargetIndex;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.DecisionOutcome;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.slack.SlackRequests.BlockAction;
import io.egressallowlist.shared.slack.SlackRequests.SlashCommand;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Slack use cases: a button click (approve, deny, renew, approve rollback) and the {@code /egress}
 * slash command. Each answers at once with what happened ({@link Reply#message()}) after the decision is
 * stored and its event published; the Slack messages that follow (the card updated with who decided and
 * when, the requester's direct message, an ephemeral note to the clicker) are returned as
 * {@link Reply#followUps()} for the caller to run within Slack's 3-second limit.
 *
 * <p>Who may decide is the request use cases' business ({@link RequestService}); this class only
 * establishes who is clicking: the verified Slack user, and (when the policy names approver groups and the
 * user is not a named approver) the approver groups they belong to, read from Slack.
 */
public final class SlackInteractions {

    /** The immediate answer, and the Slack messages to send after it. */
    public record Reply(SlackMessage message, List<FollowUp> followUps) {
        public Reply {
            followUps = List.copyOf(followUps);
        }

        static Reply of(String mrkdwn) {
            return new Reply(BlockKitMessages.reply(mrkdwn), List.of());
        }
    }

    /** One Slack message to send after the answer; never throws (delivery problems are logged). */
    public record FollowUp(String name, Runnable work) { }

    private static final Pattern TRIGGER_ID = Pattern.compile("[A-Za-z0-9.]{1,100}");
    private static final int STATUS_LIMIT = 10;
    private static final int LIST_LIMIT = 20;

    private final RequestService service;
    private final RequestRepository requests;
    private final VersionLog versions;
    private final EventPublisher events;
    private final SlackNotifier notifier;
    private final SlackClient slack;
    private final SlackUserGroups groups;
    private final String channelId;
    private final JsonLog log;

    /**
     * @param slack     for ephemeral replies through {@code response_url}s (short timeouts)
     * @param channelId the approvals channel, named in replies
     */
    public SlackInteractions(RequestService service, RequestRepository requests, VersionLog versions,
                             EventPublisher events, SlackNotifier notifier, SlackClient slack, SlackUserGroups groups,
                             String channelId, JsonLog log) {
        this.service = service;
        this.requests = requests;
        this.versions = versions;
        this.events = events;
        this.notifier = notifier;
        this.slack = slack;
        this.groups = groups;
        this.channelId = channelId;
        this.log = log;
    }

    // ---- buttons ------------------------------------------------------------------------------------

    public Reply onAction(BlockAction action) {
        if (!ActionIds.ALL.contains(action.actionId())) {
            return ephemeral(action, "That button (`" + BlockKitMessages.escape(action.actionId())
                    + "`) is not one of the egress allow-list's; nothing was changed.");
        }
        Optional<RequestId> named = requestId(action.value());
        if (named.isEmpty()) {
            return ephemeral(action, "That button does not name a request; nothing was changed.");
        }
        Actor actor;
        try {
            actor = actorFor(action.user());
        } catch (SlackException e) {
            log.warn("Approver groups could not be read from Slack", "user", action.user().value(), "error", e.error());
            return ephemeral(action, "Your approver group membership could not be checked with Slack ("
                    + e.error() + "); nothing was changed. Please try again in a moment.");
        }
        RequestId requestId = named.get();
        DecisionOutcome outcome = switch (action.actionId()) {
            case ActionIds.DENY -> service.deny(requestId, actor, null);
            case ActionIds.RENEW -> service.renew(requestId, actor);
            default -> service.approve(requestId, actor);
        };
        log.info("Slack action handled", "action", action.actionId(), "requestId", requestId,
                "user", action.user().value(), "outcome", outcome.getClass().getSimpleName());
        return afterDecision(action, actor, outcome);
    }

    private Reply afterDecision(BlockAction action, Actor actor, DecisionOutcome outcome) {
        MessageRef shownAt = action.message().orElse(null);
        boolean renewal = action.actionId().equals(ActionIds.RENEW);
        return outcome.match(decided -> {
            AllowlistRequest request = decided.request();
            if (renewal) {
                publish(EventTypes.GRANT_RENEWED, request, actor);
                return new Reply(BlockKitMessages.reply("You renewed the grant for " + BlockKitMessages.subject(request)
                        + " until " + BlockKitMessages.when(request.expiresAt()) + "."),
                        List.of(new FollowUp("renewal messages",
                                () -> notifier.grantRenewed(request, actor.principal(), shownAt))));
            }
            boolean approved = request.status() != RequestStatus.DENIED;
            publish(approved ? (request.kind() == RequestKind.ROLLBACK ? EventTypes.ROLLBACK_APPROVED
                    : EventTypes.REQUEST_APPROVED) : EventTypes.REQUEST_DENIED, request, actor);
            String text = approved
                    ? "You approved the " + describe(request) + "; the firewall will be updated shortly."
                    : "You denied the " + describe(request) + "; the requester will be told.";
            return new Reply(BlockKitMessages.reply(text), List.of(new FollowUp("decision messages",
                    () -> notifier.requestDecided(request, shownAt))));
        }, recorded -> {
            int missing = recorded.quorum() - recorded.approvals();
            String text = "Your approval of the " + describe(recorded.request()) + " is recorded: "
                    + recorded.approvals() + " of " + recorded.quorum() + ". " + missing + " more approver"
                    + (missing == 1 ? " is" : "s are") + " needed.";
            List<FollowUp> followUps = new ArrayList<>();
            followUps.add(new FollowUp("card progress", () -> notifier.approvalRecorded(recorded.request(), shownAt)));
            ephemeralFollowUp(action, text).ifPresent(followUps::add);
            return new Reply(BlockKitMessages.reply(text), followUps);
        }, already -> {
            AllowlistRequest request = already.request();
            String text = renewal
                    ? "Nothing was changed: the grant for " + BlockKitMessages.subject(request) + " is no longer active ("
                    + BlockKitMessages.statusLine(request, service.policy().quorum()) + ")."
                    : "Nothing was changed: the " + describe(request) + " was already decided. "
                    + BlockKitMessages.statusLine(request, service.policy().quorum()) + ".";
            List<FollowUp> followUps = new ArrayList<>();
            ephemeralFollowUp(action, text).ifPresent(followUps::add);
            if (!renewal) {
                // The card may be out of date (an earlier update was lost): show the request as it is.
                followUps.add(new FollowUp("card refresh", () -> notifier.refreshCard(request, shownAt)));
            }
            return new Reply(BlockKitMessages.reply(text), followUps);
        }, refused -> ephemeral(action, BlockKitMessages.escape(refused.message()) + " Nothing was changed."),
                notFound -> ephemeral(action, "No request has the id `" + notFound.requestId()
                        + "`; nothing was changed."));
    }

    private Actor actorFor(SlackUserId user) {
        Approvers approvers = service.policy().approvers();
        Set<SlackUserGroupId> memberOf = Set.of();
        if (!approvers.users().contains(user) && !approvers.groups().isEmpty()) {
            memberOf = groups.membership(user, approvers.groups());
        }
        return Actor.slack(user, memberOf);
    }

    private Reply ephemeral(BlockAction action, String text) {
        return new Reply(BlockKitMessages.reply(text), ephemeralFollowUp(action, text).stream().toList());
    }

    private Optional<FollowUp> ephemeralFollowUp(BlockAction action, String text) {
        Optional<URI> responseUrl = action.responseUrl();
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

    // ---- /egress ------------------------------------------------------------------------------------

    public Reply onSlashCommand(SlashCommand command) {
        String text = command.text() == null ? "" : command.text().strip();
        String[] words = text.split("\\s+", 2);
        String subcommand = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        log.info("Slash command", "subcommand", subcommand.isEmpty() ? "(none)" : truncate(subcommand, 20),
                "user", command.user().value());
        return switch (subcommand) {
            case "request" -> request(command, rest);
            case "status" -> status(command, rest);
            case "list" -> rest.isEmpty() ? list() : Reply.of("`/egress list` takes no arguments.\n\n" + help());
            case "check" -> check(rest);
            case "", "help" -> Reply.of(help());
            default -> Reply.of("Unknown subcommand `" + BlockKitMessages.escape(truncate(subcommand, 40)) + "`.\n\n"
                    + help());
        };
    }

    private Reply request(SlashCommand command, String rest) {
        String[] parts = rest.split("\\s+", 2);
        if (rest.isEmpty() || parts.length < 2 || parts[1].isBlank()) {
            return Reply.of("Say which domain and why: `/egress request <domain> <reason…>`, for example "
                    + "`/egress request huggingface.co download model weights for the churn model`.");
        }
        SlackUserId user = command.user();
        Requester requester = new Requester("slack:" + user.value(), user.value(), null);
        String idempotencyKey = TRIGGER_ID.matcher(command.triggerId()).matches()
                ? "slack-trigger:" + command.triggerId() : null;
        SubmitOutcome outcome = service.submit(parts[0], parts[1].strip(), Optional.empty(), requester,
                Actor.slack(user, Set.of()), idempotencyKey);
        return outcome.match(submitted -> {
            AllowlistRequest request = submitted.request();
            Actor actor = Actor.slack(user, Set.of());
            publish(submitted.autoApproved() ? EventTypes.REQUEST_APPROVED : EventTypes.REQUEST_SUBMITTED, request, actor);
            String text = submitted.autoApproved()
                    ? ":white_check_mark: " + BlockKitMessages.subject(request) + " is pre-approved by policy: request `"
                    + request.id() + "` is approved for " + BlockKitMessages.duration(request.grantDuration())
                    + " and the firewall will be updated shortly."
                    : ":inbox_tray: Request `" + request.id() + "` for " + BlockKitMessages.subject(request)
                    + " (" + BlockKitMessages.duration(request.grantDuration()) + ") is waiting for "
                    + approversNeeded() + " in <#" + channelId + ">. You will get a direct message with the outcome.";
            return new Reply(BlockKitMessages.reply(text), List.of(new FollowUp("request card",
                    () -> notifier.requestSubmitted(request))));
        }, existing -> {
            AllowlistRequest request = existing.request();
            return Reply.of("There is already an open request for " + BlockKitMessages.subject(request) + ": `"
                    + request.id() + "` by " + BlockKitMessages.person(request.requester().slack()
                    .orElse(request.requester().principal())) + ", "
                    + BlockKitMessages.statusLine(request, service.policy().quorum()) + ". Nothing new was submitted.");
        }, replayed -> Reply.of("Already received: request `" + replayed.request().id() + "` for "
                + BlockKitMessages.subject(replayed.request()) + ", "
                + BlockKitMessages.statusLine(replayed.request(), service.policy().quorum()) + "."),
                reused -> Reply.of(":warning: Not submitted: this command was already received for request `"
                        + reused.original().id() + "` (" + BlockKitMessages.subject(reused.original()) + ")."),
                open -> Reply.of(":warning: Not submitted: rollback request `" + open.open().id() + "` is still open;"
                        + " only one rollback can be open at a time."),
                allowed -> Reply.of(":white_check_mark: `" + allowed.requested().target() + "` is already allowed by the"
                        + " entry `" + allowed.entry() + "` (version " + allowed.version() + "); there is nothing to"
                        + " request."),
                invalid -> Reply.of(":warning: Not submitted: " + BlockKitMessages.escape(invalid.message())),
                refused -> Reply.of(":no_entry: Not submitted: refused by policy rule `"
                        + BlockKitMessages.escape(refused.rule()) + "`. " + BlockKitMessages.escape(refused.message())));
    }

    private Reply status(SlashCommand command, String rest) {
        if (rest.isEmpty()) {
            String principal = "slack:" + command.user().value();
            List<AllowlistRequest> mine = requests.listAll(principal, STATUS_LIMIT, null).items();
            if (mine.isEmpty()) {
                return Reply.of("You have no requests made from Slack. Ask for a domain with "
                        + "`/egress request <domain> <reason…>`.");
            }
            StringBuilder text = new StringBuilder("Your most recent requests:");
            mine.forEach(request -> text.append("\n• ").append(line(request)));
            return Reply.of(text.toString());
        }
        if (rest.contains(" ")) {
            return Reply.of("`/egress status` takes at most one request id, for example `/egress status "
                    + "01JD8X3Q4T5V6W7X8Y9Z0ABCDE`.");
        }
        Optional<RequestId> named = requestId(rest);
        if (named.isEmpty()) {
            return Reply.of(":warning: `" + BlockKitMessages.escape(truncate(rest, 40)) + "` is not a request id. "
                    + "A request id has 26 characters, such as `01JD8X3Q4T5V6W7X8Y9Z0ABCDE`.");
        }
        Optional<AllowlistRequest> found = requests.find(named.get());
        if (found.isEmpty()) {
            return Reply.of("No request has the id `" + rest + "`.");
        }
        AllowlistRequest request = found.get();
        return new Reply(BlockKitMessages.card(request, service.policy().quorum()).withoutButtons(), List.of());
    }

    private Reply list() {
        RequestRepository.Page page = requests.list(RequestStatus.PENDING, null, LIST_LIMIT, null);
        if (page.items().isEmpty()) {
            return Reply.of("No requests are waiting for approval.");
        }
        StringBuilder text = new StringBuilder("Requests waiting for approval (oldest first):");
        page.items().forEach(request -> text.append("\n• ").append(line(request)).append(" · by ")
                .append(BlockKitMessages.person(request.requester().slack().orElse(request.requester().principal()))));
        if (page.nextPageToken() != null) {
            text.append("\n…and more; the request API lists them all.");
        }
        return Reply.of(text.toString());
    }

    private Reply check(String rest) {
        if (rest.isEmpty() || rest.contains(" ")) {
            return Reply.of("Name one domain: `/egress check <domain>`, for example `/egress check pypi.org`.");
        }
        return DomainName.parseHost(rest).match(valid -> check(valid.domainName()),
                invalid -> Reply.of(":warning: " + BlockKitMessages.escape(invalid.message())));
    }

    private Reply check(DomainName name) {
        Optional<AllowlistVersion> live = versions.lastApplied();
        if (live.isEmpty()) {
            return Reply.of("No allow-list version has been applied to the firewall yet, so `" + name.target()
                    + "` is not allowed.");
        }
        Optional<String> entry = TargetIndex.of(live.get().targets()).coveringEntry(name);
        if (entry.isPresent()) {
            return Reply.of(":white_check_mark: `" + name.target() + "` is allowed by the entry `" + entry.get()
                    + "` (version " + live.get().number() + ").");
        }
        return Reply.of(":no_entry_sign: `" + name.target() + "` is not allowed (version " + live.get().number()
                + "). Ask for it with `/egress request " + name.target() + " <why you need it>`.");
    }

    private static String help() {
        return """
                *`/egress`* asks for and checks egress from SageMaker Studio:
                • `/egress request <domain> <reason…>`: ask for a domain (`.example.com` for it and every subdomain)
                • `/egress status [request id]`: your recent requests, or one request
                • `/egress list`: the requests waiting for approval
                • `/egress check <domain>`: is it allowed now, and by which entry""";
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String line(AllowlistRequest request) {
        return "`" + request.id() + "` " + BlockKitMessages.subject(request) + ": "
                + BlockKitMessages.statusLine(request, service.policy().quorum());
    }

    private String approversNeeded() {
        int quorum = service.policy().quorum();
        return quorum == 1 ? "an approver" : quorum + " approvers";
    }

    private static String describe(AllowlistRequest request) {
        return request.kind() == RequestKind.ROLLBACK ? "rollback to version " + request.rollbackTo()
                : "request for " + BlockKitMessages.subject(request);
    }

    private void publish(String detailType, AllowlistRequest request, Actor actor) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("actor", actor.principal());
        if (detailType.equals(EventTypes.GRANT_RENEWED) && request.expiresAt() != null) {
            facts.put("expiresAt", request.expiresAt().toString());
        }
        try {
            events.publish(EventPublisher.Event.about(detailType, request, facts));
        } catch (RuntimeException e) {
            // The decision is stored; the periodic reconcile picks up approved intents without the event.
            log.error("Event not published; the periodic reconcile will pick the change up", "detailType", detailType,
                    "requestId", request.id(), "exception", e.getClass().getSimpleName());
        }
    }

    private static Optional<RequestId> requestId(String value) {
        try {
            return Optional.of(new RequestId(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }
}
