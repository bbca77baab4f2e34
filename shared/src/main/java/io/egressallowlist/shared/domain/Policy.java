package io.egressallowlist.shared.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The allow-list policy: configuration, read with {@link PolicyParser}. Self-approval is refused
 * by {@link ApprovalCheck} and is deliberately not a setting.
 */
public record Policy(
        List<DenyRule> denyRules,
        List<DomainName> autoApprove,
        Duration defaultDuration,
        Duration maxDuration,
        Approvers approvers,
        int quorum) {

    /** {@link PolicyDecision.Denied#rule()} when the requested duration is above the maximum. */
    public static final String MAX_DURATION_RULE = "max-duration";
    /** {@link PolicyDecision.Denied#rule()} when the requested duration is zero or negative. */
    public static final String POSITIVE_DURATION_RULE = "positive-duration";

    public Policy {
        denyRules = List.copyOf(denyRules);
        autoApprove = List.copyOf(autoApprove);
        Objects.requireNonNull(defaultDuration, "defaultDuration");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(approvers, "approvers");
        if (defaultDuration.isNegative() || defaultDuration.isZero() || defaultDuration.compareTo(maxDuration) > 0) {
            throw new IllegalArgumentException("The default duration " + defaultDuration
                    + " must be positive and no longer than the maximum " + maxDuration + ".");
        }
        if (quorum < 1) {
            throw new IllegalArgumentException("The quorum must be at least 1, was " + quorum + ".");
        }
    }

    /** Evaluates a request for the default duration. */
    public PolicyDecision evaluate(DomainName target) {
        return evaluate(target, defaultDuration);
    }

    /** Deny rules first, then the duration limit, then the auto-approve catalogue. */
    public PolicyDecision evaluate(DomainName target, Duration requested) {
        Optional<PolicyDecision> denied = denyRuleMatching(target);
        if (denied.isPresent()) {
            return denied.get();
        }
        if (requested.isNegative() || requested.isZero()) {
            return new PolicyDecision.Denied(POSITIVE_DURATION_RULE,
                    "The requested duration must be positive; leave it out to get the default of "
                            + PolicyParser.formatDuration(defaultDuration) + ".");
        }
        if (requested.compareTo(maxDuration) > 0) {
            return new PolicyDecision.Denied(MAX_DURATION_RULE, String.format(
                    "The requested duration %s is longer than the maximum of %s. Request %s or less, and "
                            + "renew before it expires if you still need access.",
                    PolicyParser.formatDuration(requested), PolicyParser.formatDuration(maxDuration),
                    PolicyParser.formatDuration(maxDuration)));
        }
        return autoApproveEntryCovering(target)
                .<PolicyDecision>map(entry -> new PolicyDecision.AutoApproved(entry, requested))
                .orElseGet(() -> new PolicyDecision.NeedsApproval(quorum, requested));
    }

    public ApprovalCheck approvalCheck() {
        return new ApprovalCheck(approvers, quorum);
    }

    private Optional<PolicyDecision> denyRuleMatching(DomainName target) {
        for (DenyRule rule : denyRules) {
            Optional<DomainPattern> pattern = rule.match(target);
            if (pattern.isPresent()) {
                return Optional.of(new PolicyDecision.Denied(rule.name(), String.format(
                        "%s is refused by policy rule '%s' (pattern %s): %s",
                        target.target(), rule.name(), pattern.get().target(), rule.reason())));
            }
        }
        return Optional.empty();
    }

    // An exact catalogue entry never covers a wildcard request, so asking for .pypi.org when only
    // pypi.org is catalogued goes to a person (DomainName#covers, aws-api-notes §1.4).
    private Optional<DomainName> autoApproveEntryCovering(DomainName target) {
        return autoApprove.stream().filter(entry -> entry.covers(target)).findFirst();
    }
}
