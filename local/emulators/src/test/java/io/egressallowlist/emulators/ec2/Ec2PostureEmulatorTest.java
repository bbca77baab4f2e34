package io.egressallowlist.emulators.ec2;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.testing.AwsClients;
import io.egressallowlist.emulators.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code DescribeRouteTables} and {@code DescribeVpcEndpoints} of the EC2 emulator, through the real {@code Ec2Client}. */
class Ec2PostureEmulatorTest {

    private static final String VPC = SageMakerSamples.VPC_ID;

    private final Ec2Emulator ec2 = Ec2Emulator.withSampleStudio();
    private final AwsJsonServer server = start(ec2);
    private final Ec2Client client = AwsClients.ec2(server.endpoint());

    private static AwsJsonServer start(Ec2Emulator ec2) {
        try {
            return AwsJsonServer.start(0, List.of(), List.of(ec2));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    // ---- DescribeRouteTables ---------------------------------------------------------------------------

    @Test
    void aSubnetsRouteTableComesBackWithItsAssociationAndRoutesByTargetKind() {
        ec2.putRouteTable(new io.egressallowlist.emulators.ec2.RouteTable("rtb-0cafe000000000001", VPC, false,
                List.of("subnet-0nat00000000000a1"), List.of(
                new io.egressallowlist.emulators.ec2.RouteTable.Route("10.0.0.0/16", "local"),
                new io.egressallowlist.emulators.ec2.RouteTable.Route("0.0.0.0/0", "nat-0123456789abcdef0"),
                new io.egressallowlist.emulators.ec2.RouteTable.Route("10.0.0.0/18", "vpce-0f1a0000000000a01"))));

        List<RouteTable> found = client.describeRouteTables(b -> b.filters(
                filter("association.subnet-id", "subnet-0nat00000000000a1"))).routeTables();

        assertThat(found).singleElement().satisfies(table -> {
            assertThat(table.routeTableId()).isEqualTo("rtb-0cafe000000000001");
            assertThat(table.vpcId()).isEqualTo(VPC);
            assertThat(table.ownerId()).isEqualTo(SageMakerSamples.ACCOUNT_ID);
            assertThat(table.associations()).singleElement().satisfies(association -> {
                assertThat(association.subnetId()).isEqualTo("subnet-0nat00000000000a1");
                assertThat(association.main()).isFalse();
                assertThat(association.routeTableId()).isEqualTo("rtb-0cafe000000000001");
                assertThat(association.routeTableAssociationId()).matches("rtbassoc-[0-9a-f]{17}");
                assertThat(association.associationState().stateAsString()).isEqualTo("associated");
            });
            assertThat(table.routes()).extracting(Route::destinationCidrBlock)
                    .containsExactly("10.0.0.0/16", "0.0.0.0/0", "10.0.0.0/18");
            assertThat(table.routes().get(0).gatewayId()).isEqualTo("local");
            assertThat(table.routes().get(0).origin()).isEqualTo(RouteOrigin.CREATE_ROUTE_TABLE);
            assertThat(table.routes().get(1).natGatewayId()).isEqualTo("nat-0123456789abcdef0");
            assertThat(table.routes().get(1).gatewayId()).isNull();
            assertThat(table.routes().get(2).gatewayId()).isEqualTo("vpce-0f1a0000000000a01");
            assertThat(table.routes()).allSatisfy(route -> assertThat(route.stateAsString()).isEqualTo("active"));
        });
    }

    @Test
    void theMainRouteTableIsFoundByAssociationMainAndHasAMainAssociation() {
        List<RouteTable> found = client.describeRouteTables(b -> b.filters(filter("vpc-id", VPC),
                filter("association.main", "true"))).routeTables();

        assertThat(found).singleElement().satisfies(table -> {
            assertThat(table.routeTableId()).isEqualTo("rtb-05a6e0000000000f0");
            assertThat(table.associations()).singleElement().satisfies(association -> {
                assertThat(association.main()).isTrue();
                assertThat(association.subnetId()).isNull();
            });
        });
    }

    @Test
    void theSampleVpcRoutesEachSageMakerSubnetToItsZonesFirewallEndpoint() {
        for (int zone = 0; zone < 2; zone++) {
            String subnet = SageMakerSamples.VPC_ONLY_SUBNETS.get(zone);
            String endpoint = Ec2Samples.FIREWALL_ENDPOINT_IDS.get(zone);
            assertThat(client.describeRouteTables(b -> b.filters(filter("association.subnet-id", subnet))).routeTables())
                    .singleElement().satisfies(table -> assertThat(table.routes())
                            .anySatisfy(route -> {
                                assertThat(route.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
                                assertThat(route.gatewayId()).isEqualTo(endpoint);
                            }));
        }
    }

    @Test
    void aVpcFilterSelectsThatVpcsTablesOnly() {
        ec2.putRouteTable(new io.egressallowlist.emulators.ec2.RouteTable("rtb-0ffe0000000000001", "vpc-0ffe0ffe",
                true, List.of(), List.of()));

        assertThat(client.describeRouteTables(b -> b.filters(filter("vpc-id", "vpc-0ffe0ffe"))).routeTables())
                .extracting(RouteTable::routeTableId).containsExactly("rtb-0ffe0000000000001");
        assertThat(client.describeRouteTables(b -> b.filters(filter("vpc-id", VPC))).routeTables())
                .extracting(RouteTable::routeTableId)
                .containsExactly("rtb-05a6e0000000000a0", "rtb-05a6e0000000000a1", "rtb-05a6e0000000000f0");
    }

    @Test
    void routeTablePagesFollowNextTokenToTheEnd() {
        IntStream.range(0, 7).forEach(i -> ec2.putRouteTable(new io.egressallowlist.emulators.ec2.RouteTable(
                "rtb-0aaa00000000000" + i + "0", "vpc-0aaa0aaa", false, List.of(), List.of())));

        DescribeRouteTablesResponse first = client.describeRouteTables(b -> b.maxResults(5)
                .filters(filter("vpc-id", "vpc-0aaa0aaa")));
        assertThat(first.routeTables()).hasSize(5);
        assertThat(first.nextToken()).isNotNull();
        assertThat(client.describeRouteTablesPaginator(b -> b.maxResults(5).filters(filter("vpc-id", "vpc-0aaa0aaa")))
                .routeTables().stream().count()).isEqualTo(7);
    }

    @Test
    void anUnknownRouteTableIdIsNotFoundAndAnUnknownFilterIsInvalid() {
        assertThatThrownBy(() -> client.describeRouteTables(b -> b.routeTableIds("rtb-0dead000000000000")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidRouteTableID.NotFound"));
        assertThatThrownBy(() -> client.describeRouteTables(b -> b.filters(filter("route.made-up", "x"))))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> client.describeRouteTables(b -> b.maxResults(101)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidParameterValue"));
    }

    // ---- DescribeVpcEndpoints --------------------------------------------------------------------------

    @Test
    void theEndpointsOfAVpcComeBackWithTypeServiceAndPolicyDocument() {
        List<VpcEndpoint> found = client.describeVpcEndpoints(b -> b.filters(filter("vpc-id", VPC))).vpcEndpoints();

        assertThat(found).extracting(VpcEndpoint::vpcEndpointId).containsExactly("vpce-05a6e000000000501",
                "vpce-05a6e000000000502", "vpce-05a6e000000000503", "vpce-0f1a0000000000a01", "vpce-0f1b0000000000b02");
        assertThat(found.get(0)).satisfies(sts -> {
            assertThat(sts.serviceName()).isEqualTo("com.amazonaws.us-east-1.sts");
            assertThat(sts.vpcEndpointType()).isEqualTo(VpcEndpointType.INTERFACE);
            assertThat(sts.vpcId()).isEqualTo(VPC);
            assertThat(sts.stateAsString()).isEqualTo("available");
            assertThat(sts.policyDocument()).isEqualTo(Ec2Samples.ACCOUNT_POLICY);
            assertThat(sts.ownerId()).isEqualTo(SageMakerSamples.ACCOUNT_ID);
            assertThat(sts.privateDnsEnabled()).isTrue();
        });
        assertThat(found.get(1).policyDocument()).isEqualTo(io.egressallowlist.emulators.ec2.VpcEndpoint.DEFAULT_POLICY);
        assertThat(found.get(3)).satisfies(firewall -> {
            assertThat(firewall.vpcEndpointType()).isEqualTo(VpcEndpointType.GATEWAY_LOAD_BALANCER);
            assertThat(firewall.policyDocument()).isNull();
        });
    }

    @Test
    void anEndpointPutOverTheAdminApiGetsTheDefaultPolicyWhenGivenNone() {
        assertThat(RawHttp.admin(server.endpoint(), "ec2/put-vpc-endpoint", """
                {"vpcEndpointId": "vpce-0b0b0000000000001", "vpcId": "vpc-0b0b0b0b",
                 "serviceName": "com.amazonaws.us-east-1.s3", "vpcEndpointType": "Gateway"}""").statusCode())
                .isEqualTo(200);

        assertThat(client.describeVpcEndpoints(b -> b.filters(filter("vpc-id", "vpc-0b0b0b0b"))).vpcEndpoints())
                .singleElement().satisfies(s3 -> {
                    assertThat(s3.vpcEndpointType()).isEqualTo(VpcEndpointType.GATEWAY);
                    assertThat(s3.policyDocument()).isEqualTo(io.egressallowlist.emulators.ec2.VpcEndpoint.DEFAULT_POLICY);
                    assertThat(s3.privateDnsEnabled()).isFalse();
                });
    }

    @Test
    void aRouteTablePutOverTheAdminApiIsDescribed() {
        assertThat(RawHttp.admin(server.endpoint(), "ec2/put-route-table", """
                {"routeTableId": "rtb-0b0b0000000000001", "vpcId": "vpc-0b0b0b0b", "subnetIds": ["subnet-0b0b0b0b"],
                 "routes": [{"destinationCidrBlock": "0.0.0.0/0", "target": "igw-0123456789abcdef0"}]}""")
                .statusCode()).isEqualTo(200);

        assertThat(client.describeRouteTables(b -> b.filters(filter("association.subnet-id", "subnet-0b0b0b0b")))
                .routeTables()).singleElement().satisfies(table -> {
                    assertThat(table.associations()).extracting(RouteTableAssociation::subnetId)
                            .containsExactly("subnet-0b0b0b0b");
                    assertThat(table.routes()).singleElement().satisfies(route ->
                            assertThat(route.gatewayId()).isEqualTo("igw-0123456789abcdef0"));
                });
    }

    @Test
    void endpointFiltersSelectByIdTypeAndService() {
        assertThat(client.describeVpcEndpoints(b -> b.filters(filter("vpc-endpoint-type", "GatewayLoadBalancer")))
                .vpcEndpoints()).extracting(VpcEndpoint::vpcEndpointId).containsExactlyElementsOf(Ec2Samples.FIREWALL_ENDPOINT_IDS);
        assertThat(client.describeVpcEndpoints(b -> b.filters(filter("service-name", "aws.sagemaker.*"))).vpcEndpoints())
                .hasSize(2);
        assertThat(client.describeVpcEndpoints(b -> b.vpcEndpointIds("vpce-05a6e000000000501")).vpcEndpoints())
                .singleElement().satisfies(e -> assertThat(e.serviceName()).isEqualTo("com.amazonaws.us-east-1.sts"));
        assertThatThrownBy(() -> client.describeVpcEndpoints(b -> b.vpcEndpointIds("vpce-0dead000000000000")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidVpcEndpointId.NotFound"));
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
