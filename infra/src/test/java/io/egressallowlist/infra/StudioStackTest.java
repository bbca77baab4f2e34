package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static io.egressallowlist.infra.Templates.sharedName;
import static io.egressallowlist.infra.Templates.sharedParameterId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.StudioSettings;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StudioStackTest {

    private static Template studio;

    @BeforeAll
    static void synth() {
        studio = TestStacks.synth(2).studio;
    }

    @Test
    void domainIsVpcOnlyInTheProtectedSubnetsWithTheWorkloadSecurityGroup() {
        Map<String, Object> domain = properties(resources(studio, "AWS::SageMaker::Domain").values().iterator().next());
        assertThat(domain).containsEntry("AppNetworkAccessType", "VpcOnly").containsEntry("AuthMode", "IAM");
        assertThat(list(domain.get("SubnetIds")).stream().map(s -> sharedName(studio, s)).toList())
                .containsExactly("/Test-Network/sagemaker-subnet-ids[0]", "/Test-Network/sagemaker-subnet-ids[1]");
        assertThat(sharedName(studio, domain.get("VpcId"))).isEqualTo("/Test-Network/vpc-id");
        Map<String, Object> userSettings = map(domain.get("DefaultUserSettings"));
        assertThat(list(userSettings.get("SecurityGroups"))).singleElement()
                .satisfies(sg -> assertThat(sharedName(studio, sg)).isEqualTo("/Test-Network/workload-security-group-id"));
        assertThat(list(map(domain.get("DefaultSpaceSettings")).get("SecurityGroups"))).hasSize(1);
    }

    @Test
    void everyConfiguredUserProfileIsCreatedWithTheWorkloadSecurityGroup() {
        studio.resourceCountIs("AWS::SageMaker::UserProfile", StudioSettings.DEFAULT_USER_PROFILES.size());
        studio.hasResourceProperties("AWS::SageMaker::UserProfile", Map.of("UserProfileName", "data-scientist",
                "UserSettings", Match.objectLike(Map.of("SecurityGroups", List.of(Map.of(
                        "Ref", sharedParameterId(studio, "/Test-Network/workload-security-group-id")))))));
    }

    @Test
    void executionRoleHasNoManagedPoliciesAndCreatesJobsOnlyInTheProtectedNetwork() {
        resources(studio, "AWS::IAM::Role").values().forEach(role ->
                assertThat(properties(role)).doesNotContainKey("ManagedPolicyArns"));
        Object protectedSubnet = Map.of("Fn::Select", List.of(0, Map.of("Ref",
                sharedParameterId(studio, "/Test-Network/sagemaker-subnet-ids"))));
        Object jobsInProtectedNetwork = Match.objectLike(Map.of(
                "Sid", "JobsOnlyInTheProtectedNetwork",
                "Condition", Map.of(
                        "Null", Map.of("sagemaker:VpcSubnets", "false", "sagemaker:VpcSecurityGroupIds", "false"),
                        "ForAllValues:StringEquals", Match.objectLike(Map.of(
                                "sagemaker:VpcSubnets", Match.arrayWith(List.of(protectedSubnet)))))));
        Object passOnlyToSageMaker = Match.objectLike(Map.of(
                "Sid", "PassSelfToSageMakerJobs",
                "Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "sagemaker.amazonaws.com"))));
        studio.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(jobsInProtectedNetwork, passOnlyToSageMaker)))));
    }

    @Test
    void invalidProfileNamesAreRefused() {
        assertThatThrownBy(() -> new StudioSettings("studio", List.of("-bad"))).hasMessageContaining("not a valid SageMaker name");
        assertThatThrownBy(() -> new StudioSettings("studio", List.of("a", "a"))).hasMessageContaining("twice");
    }

}
