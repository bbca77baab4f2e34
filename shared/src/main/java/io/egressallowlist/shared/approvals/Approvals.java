package io.egressallowlist.shared.approvals;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Approvers;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.TargetIndex;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.ApproverGroups;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.DecisionOutcome;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.ScopeChoice;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.blocked.BlockedQueries;
import io.egressallowlist.shared.domain.BlockedDomain;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Deciding requests from chat, and what the {@code /egress} command asks: approve, deny, renew, revoke and approve
 * a rollback ({@link #decide}; revoking also from the API, {@link #revoke}), ask for a domain ({@link #submit}), and read one's requests, the pending queue
 * and whether a domain is allowed. Each decision is stored through {@link RequestService} and its event
 * published before the result is returned; telling people is the caller's business.
 *
 * <p>Who may decide is the request use cases' business ({@link RequestService}); this class establishes who
 * is deciding: the verified Slack user, and (when the policy names approver groups and the user is not a named
 * approver) the approver groups they belong to ({@link ApproverGroups}).
 */
public final class Approvals {

    /** A page of the requests waiting for approval, oldest first; {@code more} when the queue goes on. */
    public record Pending(List<AllowlistRequest> requests, boolean more) {
        public Pending {
            requests = List.copyOf(requests);
        }
    }

    /** Slack's {@code trigger_id}s; anything else is not used as an idempotency key. */
    private static final Pattern TRIGGER_ID = Pattern.compile("[A-Za-z0-9.]{1,100}");
    private static final int RECENT_LIMIT = 10;
    private static final int PENDING_LIMIT = 20;
    /** The reason recorded for a revocation from Slack, whose button asks for confirmation but no text. */
    static final String REVOKED_IN_SLACK = "revoked with the Revoke button in Slack";

    private final RequestService service;
    private final RequestRepository requests;
    private final VersionLog versions;
    private final EventPublisher events;
    private final ApproverGroups groups;
    private final JsonLog log;
    private final Optional<Supplier<BlockedQueries>> blocked;
    private final Map<String, String> identityLinks;

    public Approvals(RequestService service, RequestRepository requests, VersionLog versions, EventPublisher events,
                     ApproverGroups groups, JsonLog log) {
        this(service, requests, versions, events, groups, log, Optional.empty(), Map.of());
    }

    private Approvals(RequestService service, RequestRepository requests, VersionLog versions, EventPublisher events,
                      ApproverGroups groups, JsonLog log, Optional<Supplier<BlockedQueries>> blocked,
                      Map<String, String> identityLinks) {
        this.service = service;
        this.requests = requests;
        this.versions = versions;
        this.events = events;
        this.groups = groups;
        this.log = log;
        this.blocked = blocked;
        this.identityLinks = Map.copyOf(identityLinks);
    }

    /**
     * These approvals, also answering {@code /egress blocked}: from {@code queries} (built on first use), a person's
     * own attempts found through the Studio user profiles {@code identityLinks} links to them.
     *
     * @param identityLinks Studio user profile name (or principal) → Slack user id ({@code IDENTITY_LINKS})
     */
    public Approvals withBlocked(Supplier<BlockedQueries> queries, Map<String, String> identityLinks) {
        return new Approvals(service, requests, versions, events, groups, log, Optional.of(queries), identityLinks);
    }

    /** How many distinct approvers a request needs (the policy's quorum). */
    public int quorum() {
        return service.policy().quorum();
    }

    // ---- decisions ----------------------------------------------------------------------------------

    public DecisionResult decide(Decision decision) {
        Actor actor;
        try {
            actor = actorFor(decision.user());
        } catch (ApproverGroups.Unavailable e) {
            log.warn("Approver groups could not be read", "user", decision.user().value(), "error", e.reason());
            return new DecisionResult.MembershipUnknown(e.reason());
        }
        DecisionOutcome outcome = switch (decision.kind()) {
            case DENY -> service.deny(decision.requestId(), actor, null);
            case RENEW -> service.renew(decision.requestId(), actor);
            case REVOKE -> service.revoke(decision.requestId(), actor, REVOKED_IN_SLACK);
            case APPROVE, APPROVE_ROLLBACK -> service.approve(decision.requestId(), actor);
        };
        log.info("Decision handled", "decision", decision.kind().name(), "requestId", decision.requestId(),
                "user", decision.user().value(), "outcome", outcome.getClass().getSimpleName());
        return resultOf(outcome, actor, decision.kind() == Decision.Kind.RENEW);
    }

    /**
     * An approver revokes a grant through the API: {@code caller} is the API caller, an approver when their IAM
     * identity is linked to a policy approver's Slack user, directly or through an approver group. The event is
     * published as for a click; telling people is the caller's.
     */
    public DecisionResult revoke(RequestId requestId, Actor caller, String reason) {
        Actor actor = caller;
        if (caller.slack().isPresent()) {
            try {
                actor = new Actor(caller.principal(), caller.slackUser(), groupsOf(caller.slackUser()), caller.via(),
                        caller.sourceIp());
            } catch (ApproverGroups.Unavailable e) {
                log.warn("Approver groups could not be read", "principal", caller.principal(), "error", e.reason());
                return new DecisionResult.MembershipUnknown(e.reason());
            }
        }
        DecisionOutcome outcome = service.revoke(requestId, actor, reason);
        log.info("Revocation handled", "requestId", requestId, "principal", caller.principal(), "outcome",
                outcome.getClass().getSimpleName());
        return resultOf(outcome, actor, false);
    }

    private DecisionResult resultOf(DecisionOutcome outcome, Actor actor, boolean renewal) {
        return outcome.match(new DecisionOutcome.Cases<>(decided -> decided(decided.request(), actor, renewal),
                recorded -> new DecisionResult.ApprovalRecorded(recorded.request(), recorded.approvals(),
                        recorded.quorum()),
                already -> new DecisionResult.AlreadyDecided(already.request()),
                refused -> new DecisionResult.Refused(refused.message()),
                notFound -> new DecisionResult.NotFound(notFound.requestId())));
    }

    private DecisionResult decided(AllowlistRequest request, Actor actor, boolean renewal) {
        if (renewal) {
            publish(EventTypes.GRANT_RENEWED, request, actor);
            return new DecisionResult.Renewed(request, actor.principal());
        }
        String type = switch (request.status()) {
            case DENIED -> EventTypes.REQUEST_DENIED;
            case REVOKED -> EventTypes.REQUEST_REVOKED;
            default -> approvedType(request.kind());
        };
        publish(type, request, actor);
        return new DecisionResult.Decided(request);
    }

    /** A rollback's approval is told apart; a domain's or a switch of mode's is a request approved. */
    private static String approvedType(RequestKind kind) {
        return switch (kind) {
            case ROLLBACK -> EventTypes.ROLLBACK_APPROVED;
            case DOMAIN, MODE -> EventTypes.REQUEST_APPROVED;
        };
    }

    private Actor actorFor(SlackUserId user) {
        return Actor.slack(user, groupsOf(user));
    }

    /**
     * The approver groups {@code user} belongs to, among those of every scope's policy (each scope's decisions then
     * count only its own); read only when some scope names groups and does not name the user.
     */
    private Set<SlackUserGroupId> groupsOf(SlackUserId user) {
        Set<SlackUserGroupId> candidates = new LinkedHashSet<>();
        for (Scope scope : service.scopes().scopes().all()) {
            Approvers approvers = scope.policy().approvers();
            if (!approvers.users().contains(user)) {
                candidates.addAll(approvers.groups());
            }
        }
        return candidates.isEmpty() ? Set.of() : groups.membership(user, candidates);
    }

    // ---- /egress ------------------------------------------------------------------------------------

    /** Submits the request; a new one (pending or pre-approved by policy) has its event published. */
    public SubmitOutcome submit(Submission submission) {
        SlackUserId user = submission.user();
        Requester requester = new Requester("slack:" + user.value(), user.value(), null);
        Actor actor = submitter(submission);
        String idempotencyKey = TRIGGER_ID.matcher(submission.triggerId()).matches()
                ? "slack-trigger:" + submission.triggerId() : null;
        SubmitOutcome outcome = service.submit(submission.domain(), ScopeChoice.of(submission.scope(),
                Optional.empty()), submission.justification(), Optional.empty(), requester, actor, idempotencyKey);
        return outcome.match(new SubmitOutcome.Cases<>(submitted -> announced(submitted, actor), existing -> outcome,
                replayed -> outcome, keyReused -> outcome, rollbackOpen -> outcome, allowed -> outcome,
                invalid -> outcome, refused -> outcome));
    }

    /**
     * Who submits: only approvers of global may ask for changes to it, some of them through their approver groups,
     * which are read for such a submission only (unreadable: only the approvers the policy names may).
     */
    private Actor submitter(Submission submission) {
        if (!ScopeName.GLOBAL.value().equals(submission.scope())) {
            return Actor.slack(submission.user(), Set.of());
        }
        try {
            return Actor.slack(submission.user(), groupsOf(submission.user()));
        } catch (ApproverGroups.Unavailable e) {
            log.warn("Approver groups could not be read", "user", submission.user().value(), "error", e.reason());
            return Actor.slack(submission.user(), Set.of());
        }
    }

    private SubmitOutcome announced(SubmitOutcome.Submitted submitted, Actor actor) {
        publish(submitted.autoApproved() ? EventTypes.REQUEST_APPROVED : EventTypes.REQUEST_SUBMITTED,
                submitted.request(), actor);
        return submitted;
    }

    /** The user's most recent requests made from Slack. */
    public List<AllowlistRequest> recentRequests(SlackUserId user) {
        return requests.listAll("slack:" + user.value(), RECENT_LIMIT, null).items();
    }

    public Optional<AllowlistRequest> request(RequestId requestId) {
        return requests.find(requestId);
    }

    public Pending pending() {
        RequestRepository.Page page = requests.list(RequestStatus.PENDING, null, PENDING_LIMIT, null);
        return new Pending(page.items(), page.nextPageToken() != null);
    }

    /** The version last applied to the firewall: the allow-list as it stands. */
    public Optional<AllowlistVersion> applied() {
        return versions.lastApplied();
    }

    /** The newest versions, newest first, without their lists. */
    public List<VersionLog.VersionSummary> recentVersions() {
        return versions.list(null, RECENT_LIMIT);
    }

    /** Whether {@code name} is allowed by the version last applied to the firewall, and by which entry. */
    public CheckResult check(DomainName name) {
        Optional<AllowlistVersion> live = versions.lastApplied();
        if (live.isEmpty()) {
            return new CheckResult.NothingApplied();
        }
        return TargetIndex.of(live.get().targets()).coveringEntry(name)
                .<CheckResult>map(entry -> new CheckResult.Allowed(entry, live.get().versionNumber()))
                .orElseGet(() -> new CheckResult.NotAllowed(live.get().versionNumber()));
    }

    // ---- /egress blocked ----------------------------------------------------------------------------

    /**
     * The blocked attempts since {@code since} of the Studio user profiles linked to {@code user}; empty when none is
     * linked. Absent where this function reads no blocked attempts.
     */
    public Optional<List<BlockedDomain>> blockedMine(SlackUserId user, Instant since) {
        Set<String> linked = identityLinks.entrySet().stream().filter(link -> link.getValue().equals(user.value()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        return blocked.map(queries -> queries.get().ofProfiles(linked, since));
    }

    /** Everyone's blocked attempts since {@code since}, if {@code user} is an approver (named or by group). */
    public Optional<BlockedQueries.AllView> blockedAll(SlackUserId user, Instant since) {
        Requester viewer = new Requester("slack:" + user.value(), user.value(), null);
        return blocked.map(queries -> queries.get().all(viewer, since));
    }

    /** Whether {@code user} is linked to a Studio user profile or principal ({@code IDENTITY_LINKS}). */
    public boolean linked(SlackUserId user) {
        return identityLinks.containsValue(user.value());
    }

    // ---- events -------------------------------------------------------------------------------------

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
}
