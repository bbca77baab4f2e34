package io.egressallowlist.shared.guard;

import io.egressallowlist.shared.domain.StudioDomainState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether a Studio domain's traffic really passes the firewall. Only {@code VpcOnly} sends every app's
 * traffic through the domain's subnets; {@code PublicInternetOnly} gives apps a SageMaker-managed route
 * to the internet that bypasses our VPC (aws-api-notes §2). And only the firewall-protected subnets
 * route to the firewall endpoints, so any other subnet is a bypass too.
 */
public final class Compliance {

    /** Why a domain fails, as stable codes for events and the audit trail. */
    public enum Reason {
        NOT_FOUND,
        NOT_VPC_ONLY,
        UNPROTECTED_SUBNETS,
        NO_SUBNETS
    }

    /** One reason with its explanation for people. */
    public record Problem(Reason reason, String message) { }

    private Compliance() {
    }

    /** The problems of a domain; empty when it is compliant. */
    public static List<Problem> check(String domainId, Optional<StudioDomainState> state,
                                      Collection<String> protectedSubnets) {
        if (state.isEmpty()) {
            return List.of(new Problem(Reason.NOT_FOUND, "Studio domain " + domainId + " does not exist or cannot be"
                    + " read, so the guard cannot verify that its traffic passes the firewall."));
        }
        StudioDomainState domain = state.get();
        List<Problem> problems = new ArrayList<>();
        if (!"VpcOnly".equals(domain.appNetworkAccessType())) {
            problems.add(new Problem(Reason.NOT_VPC_ONLY, "Studio domain " + domainId + " uses AppNetworkAccessType "
                    + domain.appNetworkAccessType() + ": its apps reach the internet without passing the firewall."
                    + " Set it to VpcOnly."));
        }
        if (domain.subnetIds().isEmpty()) {
            problems.add(new Problem(Reason.NO_SUBNETS, "Studio domain " + domainId + " has no subnets."));
        }
        List<String> unprotected = domain.subnetIds().stream().filter(s -> !protectedSubnets.contains(s)).toList();
        if (!unprotected.isEmpty()) {
            problems.add(new Problem(Reason.UNPROTECTED_SUBNETS, "Studio domain " + domainId + " runs apps in subnets "
                    + unprotected + " that do not route through the firewall (protected: " + protectedSubnets + ")."));
        }
        return problems;
    }
}
