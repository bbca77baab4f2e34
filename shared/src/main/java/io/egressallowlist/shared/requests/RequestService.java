package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.ApprovalOutcome;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyDecision;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestRepository.ChangeResult;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.RuleGroupCapacity;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.TargetIndex;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The request use cases: submit, approve, deny, withdraw, renew, ask for a rollback or a switch of mode, and expire
 * what is left hanging. The only writer of requests besides the reconciler's completion marks. Every outcome is a
 * value; every state change is recorded once in the audit trail.
 *
 * <p>Every request is in one scope ({@link ScopeRules}): that scope's policy, capacity and version log apply to it,
 * and only that scope's approvers decide it.
 */
public final class RequestService {

    private final RequestRepository requests;
    private final ScopeViews views;
    private final AuditTrail audit;
    private final Duration pendingTimeout;
    private final Clock clock;
    private final RequestIntake intake;
    private final ScopeRules rules;
    private final GrantChanges grants;
    private final CapacityCheck capacity;
    private final ScopeChanges changes;
    private final Expiries expiries;

    public RequestService(RequestRepository requests, VersionLog versions, AuditTrail audit, Policy policy,
                          Duration pendingTimeout, Clock clock, RandomGenerator random) {
        this(requests, versions, audit, policy, pendingTimeout, clock, random, Optional.empty());
    }

    /** @param capacity the rule group's capacity, when configured: new requests then warn when the list is full */
    public RequestService(RequestRepository requests, VersionLog versions, AuditTrail audit, Policy policy,
                          Duration pendingTimeout, Clock clock, RandomGenerator random,
                          Optional<RuleGroupCapacity> capacity) {
        this(requests, ScopeViews.single(versions, policy, capacity), audit, pendingTimeout, clock, random);
    }

    /** @param views each scope's policy, capacity and version log */
    public RequestService(RequestRepository requests, ScopeViews views, AuditTrail audit, Duration pendingTimeout,
                          Clock clock, RandomGenerator random) {
        this.requests = requests;
        this.views = views;
        this.audit = audit;
        this.pendingTimeout = pendingTimeout;
        this.clock = clock;
        this.intake = new RequestIntake(requests, audit, clock, random);
        this.rules = new ScopeRules(views, intake);
        this.grants = new GrantChanges(requests, audit, views, rules, clock);
        this.capacity = new CapacityCheck(requests, views);
        this.changes = new ScopeChanges(views, rules, intake, pendingTimeout, clock);
        this.expiries = new Expiries(requests, audit, clock);
    }

    /** The policy of {@code default}, or of the first scope where there is no {@code default}. */
    public Policy policy() {
        return views.scopes().find(ScopeName.DEFAULT).orElseGet(() -> views.scopes().all().get(0)).policy();
    }

    /** The policy of {@code scope}: its approvers, quorum, rules and durations. */
    public Policy policy(ScopeName scope) {
        return views.policy(scope);
    }

    /** Every scope, each with its policy, capacity and version log. */
    public ScopeViews scopes() {
        return views;
    }

    /**
     * Submits a request for a domain.
     *
     * @param domain          what the person typed
     * @param justification   why they need it
     * @param duration        how long; empty for the policy's default
     * @param requester       who asks (the authenticated identity)
     * @param actor           the channel and source of the call
     * @param idempotencyKey  the client's key, or null
     */
    public SubmitOutcome submit(String domain, String justification, Optional<Duration> duration, Requester requester,
                                Actor actor, String idempotencyKey) {
        return submit(domain, ScopeChoice.unspecified(), justification, duration, requester, actor, idempotencyKey);
    }

    /** As {@link #submit(String, String, Optional, Requester, Actor, String)}, in the scope {@code scope} chooses. */
    public SubmitOutcome submit(String domain, ScopeChoice scope, String justification, Optional<Duration> duration,
                                Requester requester, Actor actor, String idempotencyKey) {
        return DomainName.parse(domain).match(new DomainName.ParseResult.Cases<>(
                valid -> {
                    ScopeRules.Resolved resolved = rules.resolve(scope, actor);
                    return resolved.isRefused() ? resolved.refusal() : submit(valid.domainName(), resolved.scope(),
                            justification, duration, requester, actor, idempotencyKey);
                },
                invalid -> {
                    intake.recordRejection(actor, "domain", invalid.reason().name(), invalid.message());
                    return new SubmitOutcome.Invalid("domain", invalid.reason().name(), invalid.message());
                }));
    }

    private SubmitOutcome submit(DomainName name, ScopeName scope, String justification, Optional<Duration> duration,
                                 Requester requester, Actor actor, String idempotencyKey) {
        Optional<SubmitOutcome> badJustification = intake.checkJustification(justification, actor);
        if (badJustification.isPresent()) {
            return badJustification.get();
        }
        Optional<AllowlistVersion> live = views.versions(scope).lastApplied();
        if (live.isPresent()) {
            Optional<String> entry = TargetIndex.of(live.get().targets()).coveringEntry(name);
            if (entry.isPresent()) {
                return new SubmitOutcome.AlreadyAllowed(name, entry.get(), live.get().versionNumber());
            }
        }
        Policy policy = views.policy(scope);
        return policy.evaluate(name, duration.orElse(policy.defaultDuration())).match(new PolicyDecision.Cases<>(
                denied -> {
                    intake.recordRejection(actor, "policy", denied.rule(), denied.message());
                    return new SubmitOutcome.PolicyRefused(denied.rule(), denied.message());
                },
                auto -> capacity.warned(intake.create(withDecider(newDomainRequest(name, scope, justification,
                        auto.grant(), requester, true, idempotencyKey), "policy:auto-approve "
                        + auto.catalogueEntry().target()), actor, true), scope, live),
                needsApproval -> capacity.warned(intake.create(newDomainRequest(name, scope, justification,
                        needsApproval.grant(), requester, false, idempotencyKey), actor, false), scope, live)));
    }

    private AllowlistRequest newDomainRequest(DomainName name, ScopeName scope, String justification, Duration grant,
                                              Requester requester, boolean autoApproved, String idempotencyKey) {
        return AllowlistRequest.newDomainRequest(intake.newId(), FirewallTarget.of(name), requester,
                justification.strip(), grant, clock.instant(), pendingTimeout, autoApproved, idempotencyKey)
                .inScope(scope);
    }

    /**
     * Asks to make the allow-list equal to version {@code number} again; always needs approval. While a
     * rollback to another version is open, the answer is {@link SubmitOutcome.RollbackAlreadyOpen}.
     */
    public SubmitOutcome requestRollback(VersionNumber number, String justification, Requester requester, Actor actor,
                                         String idempotencyKey) {
        return changes.rollback(ScopeChoice.unspecified(), number, justification, requester, actor, idempotencyKey);
    }

    /** As {@link #requestRollback(VersionNumber, String, Requester, Actor, String)}: to version N <em>of</em> a scope. */
    public SubmitOutcome requestRollback(ScopeChoice scope, VersionNumber number, String justification,
                                         Requester requester, Actor actor, String idempotencyKey) {
        return changes.rollback(scope, number, justification, requester, actor, idempotencyKey);
    }

    /**
     * Asks to switch {@code scope} to {@code mode} (from learning to enforcing, or back); always needs the scope's
     * approvers, and becomes a version of the scope once approved. A switch to the mode the scope is in is refused.
     */
    public SubmitOutcome requestModeChange(ScopeName scope, ScopeMode mode, String justification, Requester requester,
                                           Actor actor, String idempotencyKey) {
        return changes.modeChange(scope, mode, justification, requester, actor, idempotencyKey);
    }

    /** The mode {@code scope} is in: its last applied version's, else the mode it starts in. */
    public ScopeMode currentMode(ScopeName scope) {
        return changes.currentMode(scope);
    }

    /**
     * One approver's approval. Refused for the requester themself (always), for anyone not an approver,
     * for a second vote by the same approver, and when the requester has no Slack identity to compare
     * with (self-approval could not be ruled out). The request becomes APPROVED once the quorum of
     * distinct approvers is reached.
     */
    public DecisionOutcome approve(RequestId requestId, Actor approver) {
        Pending pending = pending(requestId);
        if (pending.outcome() != null) {
            return pending.outcome();
        }
        AllowlistRequest request = pending.request();
        Optional<DecisionOutcome> refused = checkApprover(request, approver);
        if (refused.isPresent()) {
            return refused.get();
        }
        SlackUserId approverId = approver.slackUser();
        ChangeResult voted = requests.addApproval(requestId, new Approval(approverId.value(), clock.instant(),
                approver.via()));
        return decisionOf(voted, after -> counted(request, after, approver));
    }

    /**
     * After a vote: the approval is recorded, and once the quorum is reached the request is approved. A rollback or a
     * switch of mode carries the ROLLBACK intent: it replaces the scope's list (or its form) as a whole.
     */
    private DecisionOutcome counted(AllowlistRequest request, AllowlistRequest after, Actor approver) {
        Policy policy = views.policy(request.scope());
        int approvals = after.approvals().size();
        audit.record(AuditEvent.approvalRecorded(request, approver.slackUser(), approvals, policy.quorum(),
                approver.by(), clock.instant()));
        if (approvals < policy.quorum()) {
            return new DecisionOutcome.ApprovalRecorded(after, approvals, policy.quorum());
        }
        Intent intent = switch (request.kind()) {
            case DOMAIN -> Intent.ADD;
            case ROLLBACK, MODE -> Intent.ROLLBACK;
        };
        return decide(request, Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, clock.instant())
                .decidedBy(approver.principal()).intent(intent), approver, "REQUEST_APPROVED", Map.of());
    }

    /** An approver's denial; the requester may not deny (they withdraw instead). */
    public DecisionOutcome deny(RequestId requestId, Actor approver, String note) {
        Pending pending = pending(requestId);
        if (pending.outcome() != null) {
            return pending.outcome();
        }
        AllowlistRequest request = pending.request();
        if (!rules.isApprover(request.scope(), approver)) {
            return refuse(request, approver, "NOT_AN_APPROVER", ScopeRules.notAnApprover(request.scope(), "deny",
                    "You are not an approver for egress allow-list requests; only approvers can deny."));
        }
        Change change = Change.from(RequestStatus.PENDING).to(RequestStatus.DENIED, clock.instant())
                .decidedBy(approver.principal());
        return decide(request, note == null || note.isBlank() ? change : change.note(note.strip()), approver,
                "REQUEST_DENIED", Map.of());
    }

    /** The requester takes back a pending request; nobody else may. */
    public DecisionOutcome withdraw(RequestId requestId, Actor actor) {
        Optional<AllowlistRequest> found = requests.find(requestId);
        if (found.isEmpty()) {
            return new DecisionOutcome.NotFound(requestId);
        }
        AllowlistRequest request = found.get();
        if (!isRequester(request, actor)) {
            return refuse(request, actor, "NOT_THE_REQUESTER", "Only the requester can withdraw request "
                    + requestId + ".");
        }
        if (request.status() != RequestStatus.PENDING) {
            return new DecisionOutcome.AlreadyDecided(request);
        }
        return decide(request, Change.from(RequestStatus.PENDING).to(RequestStatus.WITHDRAWN, clock.instant())
                .decidedBy(actor.principal()), actor, "REQUEST_WITHDRAWN", Map.of());
    }

    /** A vote to renew an active grant; renewed once the quorum of approvers other than the requester voted. */
    public DecisionOutcome renew(RequestId requestId, Actor approver) {
        return grants.renew(requestId, approver);
    }

    /**
     * An approver takes back an ACTIVE grant, or cancels an APPROVED or APPLYING request before it is applied;
     * {@code reason} is recorded and shown. Any other status is {@link DecisionOutcome.AlreadyDecided}.
     */
    public DecisionOutcome revoke(RequestId requestId, Actor approver, String reason) {
        return grants.revoke(requestId, approver, reason);
    }

    /** Pending requests left undecided past their deadline become EXPIRED. */
    public List<AllowlistRequest> expirePending() {
        return expiries.expirePending();
    }

    /** Active grants past their expiry become EXPIRED and ask the reconciler to remove their target. */
    public List<AllowlistRequest> expireGrants() {
        return expiries.expireGrants();
    }

    /**
     * An active grant whose target saw no traffic ({@code evidence} says which reports show it) becomes
     * EXPIRED and asks the reconciler to remove its target. Empty when it is no longer an active grant.
     */
    public Optional<AllowlistRequest> expireUnusedGrant(RequestId requestId, String evidence) {
        return expiries.expireUnusedGrant(requestId, evidence);
    }

    /** Active grants that expire within {@code window} from now (for reminders). */
    public List<AllowlistRequest> expiringWithin(Duration window) {
        return expiries.expiringWithin(window);
    }

    // --- steps --------------------------------------------------------------------------------

    /** A request that can still be decided, or the outcome that says why not. */
    private record Pending(AllowlistRequest request, DecisionOutcome outcome) {
    }

    private Pending pending(RequestId requestId) {
        Optional<AllowlistRequest> found = requests.find(requestId);
        if (found.isEmpty()) {
            return new Pending(null, new DecisionOutcome.NotFound(requestId));
        }
        AllowlistRequest request = found.get();
        if (request.status() != RequestStatus.PENDING) {
            return new Pending(null, new DecisionOutcome.AlreadyDecided(request));
        }
        if (request.pendingUntil() != null && !request.pendingUntil().isAfter(clock.instant())) {
            AllowlistRequest expired = expiries.expire(request, RequestStatus.PENDING, null, "REQUEST_EXPIRED_UNDECIDED")
                    .orElseGet(() -> requests.find(request.id()).orElse(request));
            return new Pending(null, new DecisionOutcome.AlreadyDecided(expired));
        }
        return new Pending(request, null);
    }

    private Optional<DecisionOutcome> checkApprover(AllowlistRequest request, Actor approver) {
        if (approver.slack().isEmpty()) {
            return Optional.of(refuse(request, approver, "NOT_AN_APPROVER",
                    "Approvals are given in Slack by a configured approver."));
        }
        if (!request.scope().isDefault() && !rules.isApprover(request.scope(), approver)) {
            return Optional.of(refuse(request, approver, "NOT_AN_APPROVER",
                    ScopeRules.notAnApprover(request.scope(), "approve", "")));
        }
        if (isRequester(request, approver)) {
            return Optional.of(refuse(request, approver, ApprovalOutcome.Refusal.SELF_APPROVAL.name(),
                    "You cannot approve your own request; another approver has to."));
        }
        Optional<SlackUserId> requesterSlack = request.requester().slack().map(SlackUserId::new);
        if (requesterSlack.isEmpty()) {
            return Optional.of(refuse(request, approver, "REQUESTER_NOT_LINKED", "The requester "
                    + request.requester().principal() + " has no linked Slack identity, so approving it could be a"
                    + " self-approval. Link the identity (IDENTITY_LINKS) or have the requester ask from Slack."));
        }
        List<SlackUserId> earlier = request.approvals().stream().map(a -> new SlackUserId(a.approver())).toList();
        ApprovalOutcome outcome = views.policy(request.scope()).approvalCheck().check(requesterSlack.get(), approver.slackUser(),
                approver.slackGroups(), earlier);
        return outcome.match(new ApprovalOutcome.Cases<>(
                refusal -> Optional.of(refuse(request, approver, refusal.refusal().name(), refusal.message())),
                counted -> Optional.empty(),
                quorumReached -> Optional.empty()));
    }

    static boolean isRequester(AllowlistRequest request, Actor actor) {
        return request.requester().isSamePersonAs(actor.principal())
                || actor.slack().map(id -> request.requester().isSamePersonAs(id.value())).orElse(false);
    }

    private DecisionOutcome decide(AllowlistRequest request, Change change, Actor actor, String action,
                                   Map<String, String> details) {
        return decisionOf(requests.change(request.id(), change), after -> {
            audit.record(AuditEvent.requestDecided(request, action, actor.by(), clock.instant(), details));
            return new DecisionOutcome.Decided(after);
        });
    }

    /** A conflict means someone decided first (a second click, a duplicate delivery): nothing changed. */
    static DecisionOutcome decisionOf(ChangeResult result, Function<AllowlistRequest, DecisionOutcome> changed) {
        return result.match(new RequestRepository.ChangeResult.Cases<>(
                done -> changed.apply(done.request()),
                conflict -> new DecisionOutcome.AlreadyDecided(conflict.current()),
                notFound -> new DecisionOutcome.NotFound(notFound.id())));
    }

    private DecisionOutcome refuse(AllowlistRequest request, Actor actor, String reason, String message) {
        audit.record(AuditEvent.actionRefused(request, reason, actor.by(), clock.instant()));
        return new DecisionOutcome.Refused(reason, message);
    }

    private static AllowlistRequest withDecider(AllowlistRequest r, String decidedBy) {
        return new AllowlistRequest(r.id(), r.kind(), r.target(), r.rollbackTo(), r.requester(), r.justification(),
                r.status(), r.grantDuration(), r.createdAt(), r.updatedAt(), r.pendingUntil(), r.expiresAt(),
                r.approvals(), decidedBy, r.decisionNote(), r.intent(), r.version(), r.idempotencyKey(), r.scope(), r.mode());
    }
}
