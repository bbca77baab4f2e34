package io.egressallowlist.infra;

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

    private static Map<String, Object> executeApiEndpoint(Template t) {
        List<Map<String, Object>> found = resources(t, "AWS::EC2::VPCEndpoint").values().stream()
                .map(Templates::properties)
                .filter(p -> String.valueOf(p.get("ServiceName")).contains(".execute-api"))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
