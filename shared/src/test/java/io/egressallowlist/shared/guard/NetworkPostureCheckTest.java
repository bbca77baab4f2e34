package io.egressallowlist.shared.guard;

import io.egressallowlist.shared.domain.NetworkPosture.PolicyAccess;
import io.egressallowlist.shared.domain.NetworkPosture.Route;
import io.egressallowlist.shared.domain.NetworkPosture.RouteTable;
import io.egressallowlist.shared.domain.NetworkPosture.VpcEndpoint;
import io.egressallowlist.shared.guard.NetworkPostureCheck.Problem;
import io.egressallowlist.shared.guard.NetworkPostureCheck.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkPostureCheckTest {

    private static final String SUBNET = "subnet-0aaa1111";
    private static final String ENDPOINT_A = "vpce-0f1a0000000000a01";
    private static final String ENDPOINT_B = "vpce-0f1b0000000000b02";
    private static final FirewallPath FIREWALL_FIRST = new FirewallPath.FirewallFirst(Set.of(ENDPOINT_A, ENDPOINT_B));
    private static final RouteTable MAIN = new RouteTable("rtb-0000000000000main", true, List.of(),
            List.of(new Route("10.0.0.0/16", "local"), new Route("0.0.0.0/0", ENDPOINT_A)));

    /** The default route of the subnet's own table, by placement: whether the guard accepts it. */
    @ParameterizedTest(name = "{0}: 0.0.0.0/0 -> {1} passes: {2}")
    @CsvSource({
            "firewall-first, vpce-0f1a0000000000a01, true",
            "firewall-first, vpce-0f1b0000000000b02, true",
            "firewall-first, vpce-0123456789abcdef0, false",
            "firewall-first, nat-0123456789abcdef0,  false",
            "firewall-first, igw-0123456789abcdef0,  false",
            "firewall-first, nothing,                false",
            "nat-first,      nat-0123456789abcdef0,  true",
            "nat-first,      vpce-0f1a0000000000a01, false",
            "nat-first,      igw-0123456789abcdef0,  false",
            "nat-first,      nothing,                false",
    })
    void theDefaultRouteMustLeadToTheFirewallByPlacement(String placement, String target, boolean passes) {
        FirewallPath path = FirewallPath.of(placement, List.of(ENDPOINT_A, ENDPOINT_B));
        List<Route> routes = target.equals("nothing") ? List.of(new Route("10.0.0.0/16", "local"))
                : List.of(new Route("10.0.0.0/16", "local"), new Route("0.0.0.0/0", target));
        RouteTable own = new RouteTable("rtb-0a11ce50000000001", false, List.of(SUBNET), routes);

        List<Problem> problems = NetworkPostureCheck.routing(List.of(SUBNET), path, List.of(own, MAIN));

        if (passes) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.reason()).isEqualTo(Reason.DEFAULT_ROUTE_BYPASSES_FIREWALL);
                assertThat(problem.resourceId()).isEqualTo(SUBNET);
                assertThat(problem.observed()).isEqualTo("rtb-0a11ce50000000001->" + target);
                assertThat(problem.message()).contains("rtb-0a11ce50000000001", SUBNET, target);
            });
        }
    }

    @Test
    void aSubnetWithoutAnExplicitAssociationIsReportedEvenWhenTheMainTableWouldPass() {
        List<Problem> problems = NetworkPostureCheck.routing(List.of(SUBNET), FIREWALL_FIRST, List.of(MAIN));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(Reason.MAIN_ROUTE_TABLE);
            assertThat(problem.observed()).isEqualTo("rtb-0000000000000main");
            assertThat(problem.message()).contains(SUBNET, "main route table rtb-0000000000000main");
        });
    }

    @Test
    void everyProtectedSubnetIsCheckedOnItsOwn() {
        RouteTable good = new RouteTable("rtb-0a11ce50000000001", false, List.of(SUBNET),
                List.of(new Route("0.0.0.0/0", ENDPOINT_A)));

        assertThat(NetworkPostureCheck.routing(List.of(SUBNET, "subnet-0bbb2222"), FIREWALL_FIRST, List.of(good, MAIN)))
                .extracting(Problem::resourceId, Problem::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("subnet-0bbb2222", Reason.MAIN_ROUTE_TABLE));
    }

    @Test
    void firewallFirstWithoutEndpointIdsOrAnUnknownPlacementIsRefused() {
        assertThatThrownBy(() -> FirewallPath.of("firewall-first", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint ids");
        assertThatThrownBy(() -> FirewallPath.of("firewall-last", List.of(ENDPOINT_A)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firewall-last");
    }

    /** Which endpoints the guard reports, by type, service and what their policy allows. */
    @ParameterizedTest(name = "{0} {1} with {2}: {3}")
    @CsvSource({
            "Interface,           com.amazonaws.us-east-1.sts,        FULL_ACCESS, ENDPOINT_FULL_ACCESS_POLICY",
            "Interface,           com.amazonaws.us-east-1.sts,        NO_POLICY,   ENDPOINT_WITHOUT_POLICY",
            "Interface,           com.amazonaws.us-east-1.sts,        RESTRICTED,  ''",
            "Gateway,             com.amazonaws.us-east-1.s3,         FULL_ACCESS, ENDPOINT_FULL_ACCESS_POLICY",
            "Gateway,             com.amazonaws.us-east-1.s3,         RESTRICTED,  ''",
            "Interface,           aws.sagemaker.us-east-1.notebook,   FULL_ACCESS, ''",
            "Interface,           aws.sagemaker.us-east-1.studio,     NO_POLICY,   ''",
            "GatewayLoadBalancer, com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d3c4b5a69780, NO_POLICY, ''",
    })
    void endpointsWithoutAPolicyOrWithTheDefaultOneAreReportedExceptTheDeliberateOnes(String type, String service,
                                                                                    PolicyAccess policy, String reason) {
        VpcEndpoint endpoint = new VpcEndpoint("vpce-0a000000000000001", service, type, policy);

        List<Problem> problems = NetworkPostureCheck.endpoints(List.of(endpoint),
                Set.of("aws.sagemaker.us-east-1.notebook", "aws.sagemaker.us-east-1.studio"));

        if (reason.isEmpty()) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.reason()).isEqualTo(Reason.valueOf(reason));
                assertThat(problem.resourceId()).isEqualTo("vpce-0a000000000000001");
                assertThat(problem.observed()).isEqualTo(policy.name());
                assertThat(problem.message()).contains("vpce-0a000000000000001", service, type);
            });
        }
    }
}
