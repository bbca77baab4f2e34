package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.CapacityWarning;
import io.egressallowlist.shared.domain.VersionDiff;

import java.util.List;

/**
 * What people are told, independent of how (Slack in production, the Slack stand-in in the sandbox).
 * Implementations never throw for a delivery problem: a lost notification must not undo a decision;
 * they log it instead.
 */
public interface Notifier {

    /** A new request needs approvers: post it to the approvals channel with Approve/Deny buttons. */
    void requestSubmitted(AllowlistRequest request);

    /** A new request when the allow-list is full or nearly so: the card also shows the {@code warnings}. */
    default void requestSubmitted(AllowlistRequest request, List<CapacityWarning> warnings) {
        requestSubmitted(request);
    }

    /**
     * A request to switch a scope's mode: its card also tells how many of the domains the scope's learning recorded
     * ({@code wouldBlock}) enforcing would block.
     */
    default void modeRequested(AllowlistRequest request, List<String> wouldBlock) {
        requestSubmitted(request);
    }

    /** A request was decided (approved, denied, withdrawn, expired); update its message and tell the requester. */
    void requestDecided(AllowlistRequest request);

    /** A version reached the firewall; tell the channel and the requesters it carried. */
    void versionApplied(AllowlistVersion version, VersionDiff change, List<AllowlistRequest> activated,
                        List<AllowlistRequest> revoked);

    /** Someone edited the rule group outside the control plane. */
    void driftDetected(VersionDiff drift, String mode);

    /** A grant expires soon: remind with a Renew button. */
    void grantExpiringSoon(AllowlistRequest request);

    /** Entries with no traffic in the observation window. */
    void staleEntries(List<String> targets, boolean removed);

    /** A Studio domain that bypasses the firewall. */
    void studioDomainNoncompliant(String domainId, String reason);

    /** A way around the firewall in the VPC's configuration: a subnet's route, an endpoint's policy. */
    void networkPostureNoncompliant(String resourceId, String reason);

    /** The reconciler could not complete; operators must look. */
    void reconcileFailed(String message);
}
