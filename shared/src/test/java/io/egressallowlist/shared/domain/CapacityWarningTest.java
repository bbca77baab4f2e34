package io.egressallowlist.shared.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** When a new request hears that the allow-list is full or nearly so. */
class CapacityWarningTest {

    @ParameterizedTest(name = "capacity {0}, {1} entries: {2} with {3} left")
    @CsvSource({
            // 3,000 units with both target types hold 1,499 entries; below 75 left (5%) is low
            "3000, 1499, LIST_FULL,    0",
            "3000, 1600, LIST_FULL,    0",
            "3000, 1498, CAPACITY_LOW, 1",
            "3000, 1425, CAPACITY_LOW, 74",
            "3000, 1424, NONE,         75",
            "3000, 0,    NONE,         1499",
            // a small group: 42 units hold 20 entries; below 10 left is low whatever 5% is
            "42,   11,   CAPACITY_LOW, 9",
            "42,   10,   NONE,         10",
            "42,   20,   LIST_FULL,    0",
            // 30,000 units: 14,999 entries, low below 750
            "30000, 14250, CAPACITY_LOW, 749",
            "30000, 14249, NONE,         750"})
    void theWarningDependsOnWhatIsLeft(int capacity, int entries, String expected, int remaining) {
        Optional<CapacityWarning> warning = CapacityWarning.of(new RuleGroupCapacity(capacity, 2), entries);

        if (expected.equals("NONE")) {
            assertThat(warning).isEmpty();
            assertThat(new RuleGroupCapacity(capacity, 2).maxTargets() - entries).isEqualTo(remaining);
            return;
        }
        assertThat(warning).get().satisfies(w -> {
            assertThat(w.code().name()).isEqualTo(expected);
            assertThat(w.remaining()).isEqualTo(remaining);
            assertThat(w.message()).contains(Integer.toString(new RuleGroupCapacity(capacity, 2).maxTargets()));
        });
    }

    @ParameterizedTest(name = "{0} in {1} at capacity {2}: at most {3} entries")
    @CsvSource({
            // a domain list: 2n + 2; learning rules: 2n + 4; global's pass rules: 2n
            "DOMAIN_LIST, ENFORCE, 3000, 1499",
            "DOMAIN_LIST, LEARN,   3000, 1498",
            "PASS_RULES,  ENFORCE, 3000, 1500",
            "DOMAIN_LIST, LEARN,   5,    0",
            "PASS_RULES,  ENFORCE, 1,    0"})
    void whatAGroupHoldsDependsOnHowItIsWritten(RuleGroupForm form, ScopeMode mode, int capacity, int max) {
        assertThat(form.maxTargets(capacity, 2, mode)).isEqualTo(max);
        assertThat(form.capacityNeeded(max, 2, mode)).isLessThanOrEqualTo(capacity);
        assertThat(form.capacityNeeded(max + 1, 2, mode)).isGreaterThan(capacity);
        assertThat(CapacityWarning.of(max, max)).get().extracting(CapacityWarning::code)
                .isEqualTo(CapacityWarning.Code.LIST_FULL);
    }

    @org.junit.jupiter.api.Test
    void globalsFormIsPassRulesAndEveryOtherScopesADomainList() {
        assertThat(RuleGroupForm.of(ScopeName.GLOBAL)).isEqualTo(RuleGroupForm.PASS_RULES);
        assertThat(RuleGroupForm.of(ScopeName.of("risk"))).isEqualTo(RuleGroupForm.DOMAIN_LIST);
        assertThat(RuleGroupForm.of(ScopeName.DEFAULT)).isEqualTo(RuleGroupForm.DOMAIN_LIST);
    }
}
