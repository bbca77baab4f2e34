package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** aws-api-notes §1.5: ALLOWLIST consumes targets × types + types. */
class RuleGroupCapacityTest {

    @ParameterizedTest(name = "{0} targets, {1} types, capacity {2}: fits {3}")
    @CsvSource(textBlock = """
            14999, 2, 30000, true
            15000, 2, 30000, false
            29999, 1, 30000, true
            30000, 1, 30000, false
               99, 1,   100, true
              100, 1,   100, false
               49, 2,   100, true
               50, 2,   100, false
                0, 2,     2, true
                0, 2,     1, false
            """)
    void targetsFitWhenTheirRulesPlusOneDropRulePerTypeFit(int targets, int types, int capacity, boolean fits) {
        assertThat(RuleGroupCapacity.fits(targets, types, capacity)).isEqualTo(fits);
    }

    @ParameterizedTest(name = "capacity {0} with {1} types holds {2} targets")
    @CsvSource(textBlock = """
            30000, 2, 14999
            30000, 1, 29999
              100, 2,    49
              101, 2,    49
                1, 2,     0
            """)
    void maxTargetsIsTheLargestCountThatFits(int capacity, int types, int max) {
        assertThat(RuleGroupCapacity.maxTargets(capacity, types)).isEqualTo(max);
        assertThat(RuleGroupCapacity.fits(max, types, capacity) || max == 0).isTrue();
        assertThat(RuleGroupCapacity.fits(max + 1, types, capacity)).isFalse();
    }

    @Test
    void consumedCapacityCountsOnePassRulePerTargetPerTypeAndOneDropRulePerType() {
        assertThat(new RuleGroupCapacity(30_000, 2).consumedBy(14_999)).isEqualTo(30_000);
    }

    @Test
    void capacityAboveTheServiceCeilingIsRefused() {
        assertThatThrownBy(() -> new RuleGroupCapacity(30_001, 2)).hasMessageContaining("between 1 and 30000");
    }

    @Test
    void domainListWithoutTargetTypesIsRefused() {
        assertThatThrownBy(() -> RuleGroupCapacity.maxTargets(100, 0)).hasMessageContaining("TLS_SNI");
    }
}
