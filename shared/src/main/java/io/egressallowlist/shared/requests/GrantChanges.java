package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.ApprovalOutcome;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What approvers do to a grant once it is decided: revoke it (an active grant, or an approved request not yet on
 * the firewall) and renew it (an active grant, by the policy's quorum of distinct approvers, never by its
 * requester). Every change is a conditional write on the status it was read in, and is recorded once.
 */
final class GrantChanges {

    /** The statuses a revocation takes a request from: approved but not yet applied, or in force. */
    static final Set<RequestStatus> REVOCABLE = EnumSet.of(RequestStatus.APPROVED, RequestStatus.APPLYING,
            RequestStatus.ACTIVE);

    private final RequestRepository requests;
    private final AuditTrail audit;
    private final ScopeViews views;
    private final ScopeRules rules;
    private final Clock clock;

    /** The grant's own scope's approvers decide, by its policy's quorum and durations. */
    GrantChanges(RequestRepository requests, AuditTrail audit, ScopeViews views, ScopeRules rules, Clock clock) {
        this.requests = requests;
        this.audit = audit;
        this.views = views;
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * An approver takes back a grant: an ACTIVE one is removed from the firewall by the next version, an APPROVED
     * or APPLYING one never reaches it (or, when a version carrying it was already appended, the next version
     * removes it again). The request becomes REVOKED with a REMOVE intent, which the reconciler folds like an
     * expiry. An approver may revoke a grant they asked for themselves: that removes access, it grants none.
     */
    DecisionOutcome revoke(RequestId requestId, Actor approver, String reason) {
        Optional<AllowlistRequest> found = requests.find(requestId);
        if (found.isEmpty()) {
            return new DecisionOutcome.NotFound(requestId);
        }
        AllowlistRequest request = found.get();
        if (!rules.isApprover(request.scope(), approver)) {
            return refuse(request, approver, "NOT_AN_APPROVER", ScopeRules.notAnApprover(request.scope(), "revoke",
                    "Only approvers can revoke a grant or cancel an approved request."));
        }
        if (request.kind() != RequestKind.DOMAIN || !REVOCABLE.contains(request.status())) {
            return new DecisionOutcome.AlreadyDecided(request);
        }
        String note = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        Change change = new Change(REVOCABLE, null, null, null, null, null, false, null, null)
                .to(RequestStatus.REVOKED, clock.instant()).decidedBy(approver.principal()).note(note)
                .intent(Intent.REMOVE);
        return RequestService.decisionOf(requests.change(requestId, change), after -> {
            audit.record(AuditEvent.grantRevoked(request, request.status(), note, approver.by(), clock.instant()));
            return new DecisionOutcome.Decided(after);
        });
    }

    /**
     * An approver's vote to extend an active grant by its duration from now (never beyond the policy's maximum).
     * With a quorum above one, the grant is renewed once that many distinct approvers have voted for the expiry it
     * has now; the requester never counts, as for an approval.
     */
    DecisionOutcome renew(RequestId requestId, Actor approver) {
        Optional<AllowlistRequest> found = requests.find(requestId);
        if (found.isEmpty()) {
            return new DecisionOutcome.NotFound(requestId);
        }
        AllowlistRequest request = found.get();
        if (request.kind() != RequestKind.DOMAIN || request.status() != RequestStatus.ACTIVE) {
            return new DecisionOutcome.AlreadyDecided(request);
        }
        if (!rules.isApprover(request.scope(), approver)) {
            return refuse(request, approver, "NOT_AN_APPROVER", ScopeRules.notAnApprover(request.scope(), "renew",
                    "Only approvers can renew a grant."));
        }
        if (RequestService.isRequester(request, approver)) {
            return refuse(request, approver, ApprovalOutcome.Refusal.SELF_APPROVAL.name(),
                    "You cannot renew your own grant; another approver has to.");
        }
        int quorum = views.policy(request.scope()).quorum();
        if (quorum > 1 && request.expiresAt() != null) {
            Set<String> votes = renewalVotes(request);
            if (votes.contains(approver.slackUser().value())) {
                return refuse(request, approver, ApprovalOutcome.Refusal.DUPLICATE_APPROVAL.name(),
                        "You have already voted to renew this grant; it needs " + quorum + " distinct approvers.");
            }
            audit.record(AuditEvent.renewalVoteRecorded(request, approver.slackUser(), votes.size() + 1, quorum,
                    approver.by(), clock.instant()));
            // Counted again after the write: two last votes cast at once both see the quorum, neither waits forever.
            int counted = renewalVotes(request).size();
            if (counted < quorum) {
                return new DecisionOutcome.ApprovalRecorded(request, counted, quorum);
            }
        }
        return extend(request, approver);
    }

    private DecisionOutcome extend(AllowlistRequest request, Actor approver) {
        Policy policy = views.policy(request.scope());
        Duration grant = request.grantDuration() == null ? policy.defaultDuration() : request.grantDuration();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(grant.compareTo(policy.maxDuration()) > 0 ? policy.maxDuration() : grant);
        return RequestService.decisionOf(requests.change(request.id(),
                Change.from(RequestStatus.ACTIVE).at(now).expiresAt(expiresAt)), after -> {
                    audit.record(AuditEvent.grantRenewed(request, expiresAt, approver.by(), clock.instant()));
                    return new DecisionOutcome.Decided(after);
                });
    }

    /** The distinct approvers who voted to renew the grant as it stands (its current expiry). */
    private Set<String> renewalVotes(AllowlistRequest grant) {
        String expiry = grant.expiresAt().toString();
        Set<String> voters = new LinkedHashSet<>();
        for (AuditEvent event : audit.forRequest(grant.id())) {
            if (event.action().equals(AuditEvent.RENEWAL_VOTE) && expiry.equals(event.details().get("expiresAt"))) {
                voters.add(event.details().get("approver"));
            }
        }
        return voters;
    }

    private DecisionOutcome refuse(AllowlistRequest request, Actor actor, String reason, String message) {
        audit.record(AuditEvent.actionRefused(request, reason, actor.by(), clock.instant()));
        return new DecisionOutcome.Refused(reason, message);
    }
}
