package io.egressallowlist.shared.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorsTest {

    private static final Operators OPERATORS = new Operators(List.of("arn:aws:iam::123456789012:role/ops/EgressOperator",
            "arn:aws:iam::123456789012:user/carol", "arn:aws:iam::123456789012:role/Auditor"));

    @ParameterizedTest
    @CsvSource({
            "arn:aws:iam::123456789012:user/carol, true",
            "arn:aws:iam::123456789012:role/Auditor, true",
            "arn:aws:sts::123456789012:assumed-role/EgressOperator/oncall, true",
            "arn:aws:sts::123456789012:assumed-role/Auditor/jo@example.com, true",
            "arn:aws:sts::210987654321:assumed-role/EgressOperator/oncall, false",
            "arn:aws-cn:sts::123456789012:assumed-role/EgressOperator/oncall, false",
            "arn:aws:sts::123456789012:assumed-role/EgressOperatorX/oncall, false",
            "arn:aws:iam::123456789012:user/carolyn, false",
            "arn:aws:iam::123456789012:user/ops/carol, false",
            "arn:aws:iam::123456789012:role/EgressOperator, false",
            "arn:aws:sts::123456789012:federated-user/carol, false"})
    void aCallerIsAnOperatorByItsArnOrAsASessionOfAnOperatorRole(String caller, boolean operator) {
        assertThat(OPERATORS.includes(caller)).isEqualTo(operator);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob", "arn:aws:iam::12345:user/bob", "arn:aws:s3:::bucket", " arn:aws:iam::123456789012:user/a",
            "arn:aws:iam::123456789012:group/admins", "arn:aws:iam::123456789012:user/"})
    void anEntryThatIsNoIamUserOrRoleArnIsRefused(String entry) {
        assertThatThrownBy(() -> new Operators(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry.strip().isEmpty() ? "IAM" : "IAM user or role ARN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "arn:aws:sts::123456789012:assumed-role/EgressOperator/oncall"})
    void nobodyIsAnOperatorWhenNoneAreConfigured(String caller) {
        assertThat(Operators.none().includes(caller)).isFalse();
        assertThat(Operators.none().includes(null)).isFalse();
    }
}
