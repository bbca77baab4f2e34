package io.egressallowlist.bench;

import io.egressallowlist.shared.domain.RuleGroupCapacity;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.util.List;
import java.util.stream.Collectors;

/** The fixed properties of the rule group a benchmark row runs against. */
record RuleGroupShape(int capacity, List<TargetType> targetTypes) {

    /** What the project deploys: the largest capacity, both protocols. Holds at most 14,999 targets. */
    static final RuleGroupShape BOTH_TYPES = new RuleGroupShape(RuleGroupCapacity.MAX_CAPACITY,
            List.of(TargetType.TLS_SNI, TargetType.HTTP_HOST));
    /** TLS only: the same capacity holds 29,999 targets, so a list of exactly 15,000 fits. */
    static final RuleGroupShape TLS_ONLY = new RuleGroupShape(RuleGroupCapacity.MAX_CAPACITY,
            List.of(TargetType.TLS_SNI));

    RuleGroupShape {
        targetTypes = List.copyOf(targetTypes);
    }

    boolean fits(int targets) {
        return RuleGroupCapacity.fits(targets, targetTypes.size(), capacity);
    }

    String describe() {
        return String.format("cap %,d, %s", capacity,
                targetTypes.stream().map(TargetType::toString).collect(Collectors.joining("+")));
    }
}
