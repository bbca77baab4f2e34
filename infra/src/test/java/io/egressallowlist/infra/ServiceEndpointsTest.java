package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.EndpointOptions;
import io.egressallowlist.infra.config.NetworkSettings;
import software.amazon.awscdk.assertions.Template;

/** Which endpoints resolve service names inside the VPC, and how the private request API is reached. */
class ServiceEndpointsTest {

    private static TestStacks defaults;
    private static Template withPrivateDns;

    @BeforeAll
    static void synth() {
        defaults = TestStacks.synth(2);
        withPrivateDns = TestStacks.synth(NetworkSettings.defaults().withEndpoints(
                EndpointOptions.defaults().withExecuteApiPrivateDns(true)), false).network;
    }

    @Test
    void byDefaultTheExecuteApiEndpointLeavesPublicApiNamesToPublicDns() {
        assertThat(executeApiEndpoint(defaults.network)).containsEntry("PrivateDnsEnabled", false);
    }

    @Test
    void privateDnsOnTheExecuteApiEndpointIsAnExplicitChoice() {
        assertThat(executeApiEndpoint(withPrivateDns)).containsEntry("PrivateDnsEnabled", true);
        assertThat(EndpointOptions.defaults().executeApiPrivateDns()).isFalse();
    }

    @Test
    void theRequestApiUrlIsTheEndpointSpecificNameWhichWorksEitherWay() {
        Map<String, Object> url = defaults.controlPlane.findOutputs("RequestApiUrl").values().iterator().next();
        String value = String.valueOf(url.get("Value"));
        String endpointParameter = Templates.sharedParameterId(defaults.controlPlane, "/Test-Network/execute-api-endpoint-id");
        assertThat(value).contains("https://, {Ref=RequestApi").contains("-, {Ref=" + endpointParameter + "}, .execute-api.")
                .contains("/v1/");
    }

    // ---- endpoint policies

    @Test
    void theS3GatewayReachesOnlyThisAccountsBucketsAndReadsTheAwsBucketsOfEcrAndJumpStart() {
        Map<String, Object> gateway = resources(defaults.network, "AWS::EC2::VPCEndpoint").values().stream()
                .map(Templates::properties).filter(p -> "Gateway".equals(p.get("VpcEndpointType"))).findFirst().orElseThrow();
        List<Map<String, Object>> statements = statements(gateway);
        assertThat(statements).hasSize(2).allSatisfy(st -> assertThat(st).containsEntry("Effect", "Allow"));
        Map<String, Object> own = bySid(statements, "BucketsOfThisAccount");
        assertThat(own).containsEntry("Resource", "*");
        assertThat(map(map(own.get("Condition")).get("StringEquals"))).containsEntry("aws:ResourceAccount", ACCOUNT)
                .containsEntry("aws:PrincipalAccount", ACCOUNT);
        Map<String, Object> aws = bySid(statements, "AwsOwnedBucketsOfEcrAndStudio");
        assertThat(aws).containsEntry("Action", "s3:GetObject");
        assertThat(list(aws.get("Resource")).stream().map(String::valueOf).toList()).hasSize(3)
                .anySatisfy(r -> assertThat(r).contains("s3:::prod-, {Ref=AWS::Region}, -starport-layer-bucket/*"))
                .anySatisfy(r -> assertThat(r).contains("s3:::jumpstart-cache-prod-, {Ref=AWS::Region}, /*"))
                .anySatisfy(r -> assertThat(r).contains("s3:::jumpstart-private-cache-prod-, {Ref=AWS::Region}, /*"));
    }

    @Test
    void everyInterfaceEndpointButStudiosOwnServesOnlyPrincipalsOfThisAccount() {
        resources(defaults.network, "AWS::EC2::VPCEndpoint").values().stream().map(Templates::properties)
                .filter(p -> "Interface".equals(p.get("VpcEndpointType")))
                .forEach(endpoint -> {
                    String service = String.valueOf(endpoint.get("ServiceName"));
                    if (service.contains("aws.sagemaker.")) {
                        assertThat(endpoint).as(service).doesNotContainKey("PolicyDocument");
                        return;
                    }
                    assertThat(statements(endpoint)).as(service).isNotEmpty()
                            .filteredOn(st -> "Allow".equals(st.get("Effect")))
                            .isNotEmpty()
                            .allSatisfy(st -> assertThat(map(map(st.get("Condition")).get("StringEquals")))
                                    .containsEntry("aws:PrincipalAccount", ACCOUNT));
                });
    }

    @Test
    void stsGivesNoCredentialsOfAnotherAccountsRoles() {
        Map<String, Object> deny = bySid(statements(endpoint(defaults.network, ".sts")), "NoRolesOfOtherAccounts");
        assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Action", "sts:AssumeRole");
        assertThat(deny.get("Condition")).isEqualTo(Map.of("StringNotEquals", Map.of("aws:ResourceAccount", ACCOUNT)));
    }

    @Test
    void ecrPullsOnlyFromThisAccountAndTheConfiguredImageAccounts() {
        Template custom = TestStacks.synth(NetworkSettings.defaults().withEndpoints(
                new EndpointOptions(false, List.of("111122223333", "444455556666"))), false).network;
        for (String service : List.of(".ecr.api", ".ecr.dkr")) {
            List<Map<String, Object>> statements = statements(endpoint(custom, service));
            assertThat(statements).extracting(st -> st.get("Sid"))
                    .containsExactlyInAnyOrder("AuthorizationToken", "RepositoriesOfThisAccount", "PullFromImageAccounts");
            assertThat(String.valueOf(bySid(statements, "RepositoriesOfThisAccount").get("Resource")))
                    .contains("{Ref=AWS::AccountId}, :repository/*");
            Map<String, Object> pull = bySid(statements, "PullFromImageAccounts");
            assertThat(list(pull.get("Resource")).stream().map(String::valueOf).toList()).hasSize(2)
                    .anySatisfy(r -> assertThat(r).contains(":111122223333:repository/*"))
                    .anySatisfy(r -> assertThat(r).contains(":444455556666:repository/*"));
            assertThat(list(pull.get("Action"))).noneMatch(a -> String.valueOf(a).matches("ecr:(Put|Upload|Initiate|Complete|Delete).*"));
        }
        assertThat(String.valueOf(statements(endpoint(defaults.network, ".ecr.dkr"))))
                .contains(":" + EndpointOptions.DEFAULT_ECR_IMAGE_ACCOUNTS.get(0) + ":repository/*");
    }

    @Test
    void anImageAccountThatIsNoAccountIdIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EndpointOptions(false, List.of("123")))
                .hasMessageContaining("ecrImageAccounts").hasMessageContaining("12-digit");
    }

    private static final Map<String, Object> ACCOUNT_REF = Map.of("Ref", "AWS::AccountId");
    private static final Object ACCOUNT = ACCOUNT_REF;

    private static List<Map<String, Object>> statements(Map<String, Object> endpoint) {
        return list(map(endpoint.get("PolicyDocument")).get("Statement")).stream().map(Templates::map).toList();
    }

    private static Map<String, Object> bySid(List<Map<String, Object>> statements, String sid) {
        return statements.stream().filter(st -> sid.equals(st.get("Sid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + statements));
    }

    private static Map<String, Object> endpoint(Template t, String serviceSuffix) {
        return resources(t, "AWS::EC2::VPCEndpoint").values().stream().map(Templates::properties)
                .filter(p -> String.valueOf(p.get("ServiceName")).contains(serviceSuffix + "]"))
                .findFirst().orElseThrow(() -> new AssertionError("no endpoint " + serviceSuffix));
    }

    private static Map<String, Object> executeApiEndpoint(Template t) {
        List<Map<String, Object>> found = resources(t, "AWS::EC2::VPCEndpoint").values().stream()
                .map(Templates::properties)
                .filter(p -> String.valueOf(p.get("ServiceName")).contains(".execute-api"))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
