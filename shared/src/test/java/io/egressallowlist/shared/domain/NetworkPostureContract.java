package io.egressallowlist.shared.domain;

import io.egressallowlist.shared.domain.NetworkPosture.PolicyAccess;
import io.egressallowlist.shared.domain.NetworkPosture.Route;
import io.egressallowlist.shared.domain.NetworkPosture.RouteTable;
import io.egressallowlist.shared.domain.NetworkPosture.VpcEndpoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link NetworkPosture} promises: the route tables of a VPC with their explicit subnet associations,
 * whether each is the main one, and their routes by target id; the VPC's endpoints with what their policy allows;
 * nothing of another VPC. Run against the in-memory twin and against {@code Ec2NetworkPosture} on the EC2 emulator,
 * each given the same network ({@link #newPosture()}).
 */
public abstract class NetworkPostureContract {

    protected static final String VPC = "vpc-0abc1234";
    protected static final String OTHER_VPC = "vpc-0ffe0ffe";
    protected static final String SAGEMAKER_SUBNET = "subnet-0aaa1111";
    protected static final String NAT_SUBNET = "subnet-0bbb2222";
    protected static final String FIREWALL_ENDPOINT = "vpce-0f1e2d3c4b5a69780";

    protected static final RouteTable SAGEMAKER_ROUTES = new RouteTable("rtb-0a11ce50000000001", false,
            List.of(SAGEMAKER_SUBNET), List.of(new Route("10.20.0.0/16", "local"),
            new Route("0.0.0.0/0", FIREWALL_ENDPOINT)));
    protected static final RouteTable NAT_ROUTES = new RouteTable("rtb-0a11ce50000000002", false,
            List.of(NAT_SUBNET), List.of(new Route("10.20.0.0/16", "local"),
            new Route("0.0.0.0/0", "igw-0123456789abcdef0")));
    protected static final RouteTable MAIN_ROUTES = new RouteTable("rtb-0a11ce50000000003", true, List.of(),
            List.of(new Route("10.20.0.0/16", "local")));
    protected static final RouteTable OTHER_VPC_ROUTES = new RouteTable("rtb-0a11ce50000000009", true, List.of(),
            List.of(new Route("172.31.0.0/16", "local"), new Route("0.0.0.0/0", "igw-0fedcba9876543210")));

    /** EC2's default endpoint policy, as DescribeVpcEndpoints answers it. */
    protected static final String DEFAULT_POLICY = """
            {"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}""";
    protected static final String ACCOUNT_POLICY = """
            {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
             "Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}}]}""";

    protected static final VpcEndpoint STS = new VpcEndpoint("vpce-0a000000000000001", "com.amazonaws.us-east-1.sts",
            "Interface", PolicyAccess.RESTRICTED);
    protected static final VpcEndpoint S3 = new VpcEndpoint("vpce-0b000000000000002", "com.amazonaws.us-east-1.s3",
            "Gateway", PolicyAccess.FULL_ACCESS);
    protected static final VpcEndpoint FIREWALL = new VpcEndpoint(FIREWALL_ENDPOINT,
            "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "GatewayLoadBalancer", PolicyAccess.NO_POLICY);
    protected static final VpcEndpoint OTHER_VPC_ENDPOINT = new VpcEndpoint("vpce-0c000000000000003",
            "com.amazonaws.us-east-1.sts", "Interface", PolicyAccess.FULL_ACCESS);

    /**
     * In {@link #VPC}: {@link #SAGEMAKER_ROUTES}, {@link #NAT_ROUTES}, {@link #MAIN_ROUTES}; {@link #STS} (with
     * {@link #ACCOUNT_POLICY}), {@link #S3} (with {@link #DEFAULT_POLICY}), {@link #FIREWALL} (no policy). In
     * {@link #OTHER_VPC}: {@link #OTHER_VPC_ROUTES} and {@link #OTHER_VPC_ENDPOINT} (default policy).
     */
    protected abstract NetworkPosture newPosture();

    @Test
    void theRouteTablesOfTheVpcComeWithTheirSubnetsMainFlagAndRoutes() {
        assertThat(newPosture().routeTables(VPC)).containsExactlyInAnyOrder(SAGEMAKER_ROUTES, NAT_ROUTES, MAIN_ROUTES);
    }

    @Test
    void theEndpointsOfTheVpcComeWithWhatTheirPolicyAllows() {
        assertThat(newPosture().endpoints(VPC)).containsExactlyInAnyOrder(STS, S3, FIREWALL);
    }

    @Test
    void anotherVpcShowsOnlyItsOwn() {
        NetworkPosture posture = newPosture();

        assertThat(posture.routeTables(OTHER_VPC)).containsExactly(OTHER_VPC_ROUTES);
        assertThat(posture.endpoints(OTHER_VPC)).containsExactly(OTHER_VPC_ENDPOINT);
    }

    @Test
    void aVpcWithNothingShowsNothing() {
        NetworkPosture posture = newPosture();

        assertThat(posture.routeTables("vpc-0000000000000dead")).isEmpty();
        assertThat(posture.endpoints("vpc-0000000000000dead")).isEmpty();
    }
}
