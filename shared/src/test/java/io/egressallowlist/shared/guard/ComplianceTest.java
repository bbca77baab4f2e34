package io.egressallowlist.shared.guard;

import io.egressallowlist.shared.domain.StudioDomainState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ComplianceTest {

    private static final List<String> PROTECTED = List.of("subnet-a", "subnet-b");

    @ParameterizedTest(name = "{0} in [{1}] -> {2}")
    @CsvSource(delimiter = ';', value = {
            "VpcOnly;            subnet-a subnet-b; ",
            "VpcOnly;            subnet-a;          ",
            "VpcOnly;            subnet-a subnet-x; UNPROTECTED_SUBNETS",
            "PublicInternetOnly; subnet-a;          NOT_VPC_ONLY",
            "PublicInternetOnly; subnet-z;          NOT_VPC_ONLY UNPROTECTED_SUBNETS",
            "UNKNOWN_TO_SDK;     subnet-a;          NOT_VPC_ONLY",
            "VpcOnly;            ;                  NO_SUBNETS",
    })
    void aDomainPassesOnlyWhenVpcOnlyInProtectedSubnets(String access, String subnets, String expected) {
        List<String> subnetIds = subnets == null ? List.of() : Arrays.asList(subnets.trim().split("\\s+"));
        StudioDomainState state = new StudioDomainState("d-abc123", "studio", "InService", access, "vpc-1", subnetIds,
                Instant.parse("2026-01-01T00:00:00Z"));

        List<String> reasons = Compliance.check("d-abc123", Optional.of(state), PROTECTED).stream()
                .map(problem -> problem.reason().name()).toList();

        assertThat(reasons).containsExactlyElementsOf(expected == null ? List.of() : Arrays.asList(expected.trim().split("\\s+")));
    }

    @Test
    void aDomainThatCannotBeReadIsAFindingItself() {
        assertThat(Compliance.check("d-gone1", Optional.empty(), PROTECTED)).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.reason()).isEqualTo(Compliance.Reason.NOT_FOUND);
                    assertThat(problem.message()).contains("cannot verify");
                });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "arn:aws:sagemaker:us-east-1:123456789012:domain/d-vpconly0sample1, d-vpconly0sample1",
            "arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:domain/d-abc, d-abc",
            "arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-abc/alice, ",
            "arn:aws:sagemaker:us-east-1:123456789012:domain/D-UPPER, ",
            "d-abc, ",
            "arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc/../x, ",
    })
    void aDomainIdIsTakenOnlyFromAWellFormedDomainArn(String arn, String expected) {
        assertThat(DomainIds.fromArn(arn)).isEqualTo(Optional.ofNullable(expected));
    }
}
