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
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestRepository.ChangeResult;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.RuleGroupCapacity;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.TargetIndex;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The request use cases: submit, approve, deny, withdraw, renew, ask for a rollback, and expire what
 * is left hanging. The only writer of requests besides the reconciler's completion marks. Every
 * outcome is a value; every state change is recorded once in the audit trail.
 */
public final class RequestService {

    private final RequestRepository requests;
    private final VersionLog versions;
    private final AuditTrail audit;
    private final Policy policy;
    private final Duration pendingTimeout;
    private final Clock clock;
    private final RequestIntake intake;
    private final GrantChanges grants;
    private final CapacityCheck capacity;

    public RequestService(RequestRepository requests, VersionLog versions, AuditTrail audit, Policy policy,
                          Duration pendingTimeout, Clock clock, RandomGenerator random) {
        this(requests, versions, audit, policy, pendingTimeout, clock, random, Optional.empty());
    }

    /** @param capacity the rule group's capacity, when configured: new requests then warn when the list is full */
    public RequestService(RequestRepository requests, VersionLog versions, AuditTrail audit, Policy policy,
                          Duration pendingTimeout, Clock clock, RandomGenerator random,
                          Optional<RuleGroupCapacity> capacity) {
        this.requests = requests;
        this.versions = versions;
        this.audit = audit;
        this.policy = policy;
        this.pendingTimeout = pendingTimeout;
        this.clock = clock;
        this.intake = new RequestIntake(requests, audit, clock, random);
        this.grants = new GrantChanges(requests, audit, policy, clock);
        this.capacity = new CapacityCheck(requests, capacity);
    }

    public Policy policy() {
        return policy;
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
        return DomainName.parse(domain).match(new DomainName.ParseResult.Cases<>(
                valid -> submit(valid.domainName(), justification, duration, requester, actor, idempotencyKey),
                invalid -> {
                    intake.recordRejection(actor, "domain", invalid.reason().name(), invalid.message());
                    return new SubmitOutcome.Invalid("domain", invalid.reason().name(), invalid.message());
                }));
    }

    private SubmitOutcome submit(DomainName name, String justification, Optional<Duration> duration,
                                 Requester requester, Actor actor, String idempotencyKey) {
        Optional<SubmitOutcome> badJustification = intake.checkJustification(justification, actor);
        if (badJustification.isPresent()) {
            return badJustification.get();
        }
        Optional<AllowlistVersion> live = versions.lastApplied();
        if (live.isPresent()) {
            Optional<String> entry = TargetIndex.of(live.get().targets()).coveringEntry(name);
            if (entry.isPresent()) {
                return new SubmitOutcome.AlreadyAllowed(name, entry.get(), live.get().versionNumber());
            }
        }
        return policy.evaluate(name, duration.orElse(policy.defaultDuration())).match(new PolicyDecision.Cases<>(
                denied -> {
                    intake.recordRejection(actor, "policy", denied.rule(), denied.message());
                    return new SubmitOutcome.PolicyRefused(denied.rule(), denied.message());
                },
                auto -> capacity.warned(intake.create(withDecider(newDomainRequest(name, justification, auto.grant(),
                        requester, true, idempotencyKey), "policy:auto-approve " + auto.catalogueEntry().target()), actor,
                        true), live),
                needsApproval -> capacity.warned(intake.create(newDomainRequest(name, justification,
                        needsApproval.grant(), requester, false, idempotencyKey), actor, false), live)));
    }

    private AllowlistRequest newDomainRequest(DomainName name, String justification, Duration grant,
                                              Requester requester, boolean autoApproved, String idempotencyKey) {
        return AllowlistRequest.newDomainRequest(intake.newId(), FirewallTarget.of(name), requester,
                justification.strip(), grant, clock.instant(), pendingTimeout, autoApproved, idempotencyKey);
    }

    /**
     * Asks to make the allow-list equal to version {@code number} again; always needs approval. While a
     * rollback to another version is open, the answer is {@link SubmitOutcome.RollbackAlreadyOpen}.
     */
    public SubmitOutcome requestRollback(VersionNumber number, String justification, Requester requester, Actor actor,
                                         String idempotencyKey) {
        Optional<SubmitOutcome> badJustification = intake.checkJustification(justification, actor);
        if (badJustification.isPresent()) {
            return badJustification.get();
        }
        Optional<AllowlistVersion> target = versions.find(number);
        if (target.isEmpty()) {
            intake.recordRejection(actor, "version", "UNKNOWN_VERSION", "version " + number + " does not exist");
            return new SubmitOutcome.Invalid("version", "UNKNOWN_VERSION", "Version " + number
                    + " does not exist; list the versions to pick one.");
        }
        Optional<AllowlistVersion> live = versions.lastApplied();
        if (live.isPresent() && live.get().sha256().equals(target.get().sha256())) {
            return new SubmitOutcome.Invalid("version", "ALREADY_CURRENT", "The allow-list already equals version "
                    + number + " (live version " + live.get().number() + "); there is nothing to roll back.");
        }
        AllowlistRequest request = AllowlistRequest.newRollbackRequest(intake.newId(), number, requester,
                justification.strip(), clock.instant(), pendingTimeout, idempotencyKey);
        return intake.create(request, actor, false);
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

    /** After a vote: the approval is recorded, and once the quorum is reached the request is approved. */
    private DecisionOutcome counted(AllowlistRequest request, AllowlistRequest after, Actor approver) {
        int approvals = after.approvals().size();
        audit.record(AuditEvent.approvalRecorded(request, approver.slackUser(), approvals, policy.quorum(),
                approver.by(), clock.instant()));
        if (approvals < policy.quorum()) {
            return new DecisionOutcome.ApprovalRecorded(after, approvals, policy.quorum());
        }
        Intent intent = request.kind() == RequestKind.ROLLBACK ? Intent.ROLLBACK : Intent.ADD;
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
        if (!isApprover(approver)) {
            return refuse(request, approver, "NOT_AN_APPROVER",
                    "You are not an approver for egress allow-list requests; only approvers can deny.");
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
        Instant now = clock.instant();
        List<AllowlistRequest> expired = new ArrayList<>();
        forEachInStatus(RequestStatus.PENDING, request -> {
            if (request.pendingUntil() != null && !request.pendingUntil().isAfter(now)) {
                expire(request, RequestStatus.PENDING, null, "REQUEST_EXPIRED_UNDECIDED").ifPresent(expired::add);
            }
        });
        return expired;
    }

    /** Active grants past their expiry become EXPIRED and ask the reconciler to remove their target. */
    public List<AllowlistRequest> expireGrants() {
        Instant now = clock.instant();
        List<AllowlistRequest> expired = new ArrayList<>();
        forEachInStatus(RequestStatus.ACTIVE, request -> {
            if (request.kind() == RequestKind.DOMAIN && request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
                expire(request, RequestStatus.ACTIVE, Intent.REMOVE, "GRANT_EXPIRED").ifPresent(expired::add);
            }
        });
        return expired;
    }

    /**
     * An active grant whose target saw no traffic ({@code evidence} says which reports show it) becomes
     * EXPIRED and asks the reconciler to remove its target. Empty when it is no longer an active grant.
     */
    public Optional<AllowlistRequest> expireUnusedGrant(RequestId requestId, String evidence) {
        Optional<AllowlistRequest> found = requests.find(requestId);
        if (found.isEmpty() || found.get().kind() != RequestKind.DOMAIN || found.get().status() != RequestStatus.ACTIVE) {
            return Optional.empty();
        }
        Change change = Change.from(RequestStatus.ACTIVE).to(RequestStatus.EXPIRED, clock.instant())
                .decidedBy("system:cleanup").note(AllowlistRequest.UNUSED_NOTE + evidence).intent(Intent.REMOVE);
        Optional<AllowlistRequest> expired = requests.change(requestId, change).changed();
        expired.ifPresent(after -> audit.record(AuditEvent.requestDecided(found.get(), "GRANT_EXPIRED_UNUSED",
                Actor.system("cleanup").by(), clock.instant(), Map.of("evidence", evidence))));
        return expired;
    }

    /** Active grants that expire within {@code window} from now (for reminders). */
    public List<AllowlistRequest> expiringWithin(Duration window) {
        Instant limit = clock.instant().plus(window);
        List<AllowlistRequest> soon = new ArrayList<>();
        forEachInStatus(RequestStatus.ACTIVE, request -> {
            if (request.kind() == RequestKind.DOMAIN && request.expiresAt() != null
                    && request.expiresAt().isBefore(limit)) {
                soon.add(request);
            }
        });
        return soon;
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
            AllowlistRequest expired = expire(request, RequestStatus.PENDING, null, "REQUEST_EXPIRED_UNDECIDED")
                    .orElseGet(() -> requests.find(request.id()).orElse(request));
            return new Pending(null, new DecisionOutcome.AlreadyDecided(expired));
        }
        return new Pending(request, null);
    }

    private boolean isApprover(Actor actor) {
        return actor.slack().isPresent() && policy.approvers().includes(actor.slackUser(), actor.slackGroups());
    }

    private Optional<DecisionOutcome> checkApprover(AllowlistRequest request, Actor approver) {
        if (approver.slack().isEmpty()) {
            return Optional.of(refuse(request, approver, "NOT_AN_APPROVER",
                    "Approvals are given in Slack by a configured approver."));
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
        ApprovalOutcome outcome = policy.approvalCheck().check(requesterSlack.get(), approver.slackUser(),
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

    private Optional<AllowlistRequest> expire(AllowlistRequest request, RequestStatus from, Intent intent,
                                              String action) {
        Change change = Change.from(from).to(RequestStatus.EXPIRED, clock.instant()).decidedBy("system:cleanup");
        Optional<AllowlistRequest> expired = requests.change(request.id(), intent == null ? change
                : change.intent(intent)).changed();
        expired.ifPresent(after -> audit.record(AuditEvent.requestDecided(request, action,
                Actor.system("cleanup").by(), clock.instant(), Map.of())));
        return expired;
    }

    private void forEachInStatus(RequestStatus status, java.util.function.Consumer<AllowlistRequest> action) {
        String token = null;
        do {
            RequestRepository.Page page = requests.list(status, null, 100, token);
            page.items().forEach(action);
            token = page.nextPageToken();
        } while (token != null);
    }

    private static AllowlistRequest withDecider(AllowlistRequest r, String decidedBy) {
        return new AllowlistRequest(r.id(), r.kind(), r.target(), r.rollbackTo(), r.requester(), r.justification(),
                r.status(), r.grantDuration(), r.createdAt(), r.updatedAt(), r.pendingUntil(), r.expiresAt(),
                r.approvals(), decidedBy, r.decisionNote(), r.intent(), r.version(), r.idempotencyKey(), r.scope(), r.mode());
    }
}
