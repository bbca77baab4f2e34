/**
 * Deciding requests from chat (ARCHITECTURE §5, §8): approve, deny, renew and approve-rollback decisions
 * ({@link io.egressallowlist.shared.approvals.Decision} in,
 * {@link io.egressallowlist.shared.approvals.DecisionResult} out), and the {@code /egress} command's
 * submissions and queries, in {@link io.egressallowlist.shared.approvals.Approvals}.
 *
 * <p>A use case beside {@code requests}: it stores through {@code requests.RequestService}, publishes
 * through {@code events.EventPublisher} and reads approver groups through {@code notify.ApproverGroups}; it
 * imports no adapter. Rendering the results (Slack's Block Kit) and telling people is the caller's.
 *
 * <p>Events published here carry {@code requestId}, {@code kind}, {@code status}, {@code actor} and
 * {@code target} or {@code rollbackTo} ({@code expiresAt} for {@code Grant Renewed}); never a token.
 */
package io.egressallowlist.shared.approvals;
