package io.egressallowlist.emulators.networkfirewall;

import java.util.Arrays;
import java.util.Optional;

/** The model's {@code RuleGroupType}, with the resource type each one has in its ARN. */
enum RuleGroupType {
    STATELESS("stateless-rulegroup"),
    STATEFUL("stateful-rulegroup"),
    // The model doc of FirewallPolicyResponse.ConsumedStatefulDomainCapacity names this resource type (aws-api-notes §1.3).
    STATEFUL_DOMAIN("stateful-domain-rulegroup");

    private final String arnResourceType;

    RuleGroupType(String arnResourceType) {
        this.arnResourceType = arnResourceType;
    }

    String arnResourceType() {
        return arnResourceType;
    }

    boolean isStateful() {
        return this != STATELESS;
    }

    static Optional<RuleGroupType> fromArnResourceType(String resourceType) {
        return Arrays.stream(values()).filter(t -> t.arnResourceType.equals(resourceType)).findFirst();
    }
}
