package io.egressallowlist.emulators.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code DescribeVpcEndpoints} (EC2 API reference): {@code VpcEndpointId.N}, the filters {@code vpc-id},
 * {@code vpc-endpoint-id}, {@code service-name}, {@code vpc-endpoint-type}, {@code vpc-endpoint-state}, paging, and
 * the XML answer of the reference's example: {@code vpcEndpointSet} items with the {@code policyDocument} as text.
 */
final class DescribeVpcEndpoints {

    /**
     * "Constraint: If the value is greater than 1,000, we return only 1,000 items" (API reference, MaxResults): no
     * range is refused; the emulator caps the page instead.
     */
    static final int MAX_RESULTS = 1000;

    private static final Map<String, Function<VpcEndpoint, List<String>>> FILTERS = Map.of(
            "vpc-id", e -> List.of(e.vpcId()),
            "vpc-endpoint-id", e -> List.of(e.vpcEndpointId()),
            "service-name", e -> List.of(e.serviceName()),
            "vpc-endpoint-type", e -> List.of(e.vpcEndpointType()),
            "vpc-endpoint-state", e -> List.of("available"));

    private DescribeVpcEndpoints() {
    }

    static String answer(Map<String, String> parameters, Collection<VpcEndpoint> endpoints, String accountId) {
        DescribeRequest<VpcEndpoint> request = DescribeRequest.parse("DescribeVpcEndpoints", "VpcEndpointId",
                parameters, FILTERS);
        request.ids().stream().filter(id -> endpoints.stream().noneMatch(e -> e.vpcEndpointId().equals(id)))
                .findFirst().ifPresent(missing -> {
                    throw Ec2Errors.VPC_ENDPOINT_ID_NOT_FOUND.error("The Vpc Endpoint Id '" + missing + "' does not exist");
                });
        DescribeRequest.Page<VpcEndpoint> page = request.page(List.copyOf(endpoints), VpcEndpoint::vpcEndpointId,
                1, Integer.MAX_VALUE);
        Ec2Xml xml = Ec2Xml.document("DescribeVpcEndpointsResponse").open("vpcEndpointSet");
        page.items().stream().limit(MAX_RESULTS).forEach(endpoint -> item(xml, endpoint, accountId));
        xml.close("vpcEndpointSet")
                .text("nextToken", page.nextToken())
                .text("requestId", UUID.randomUUID().toString());
        return xml.close("DescribeVpcEndpointsResponse").toString();
    }

    private static void item(Ec2Xml xml, VpcEndpoint endpoint, String accountId) {
        boolean isInterface = endpoint.vpcEndpointType().equals("Interface");
        xml.open("item")
                .text("vpcEndpointId", endpoint.vpcEndpointId())
                .text("vpcEndpointType", endpoint.vpcEndpointType())
                .text("vpcId", endpoint.vpcId())
                .text("serviceName", endpoint.serviceName())
                .text("state", "available")
                .text("policyDocument", endpoint.policyDocument())
                .open("routeTableIdSet").close("routeTableIdSet")
                .open("subnetIdSet").close("subnetIdSet")
                .open("groupSet").close("groupSet")
                .bool("privateDnsEnabled", isInterface)
                .bool("requesterManaged", false)
                .open("networkInterfaceIdSet").close("networkInterfaceIdSet")
                .open("dnsEntrySet").close("dnsEntrySet")
                .text("creationTimestamp", "2026-01-05T10:00:00.000Z")
                .text("ownerId", accountId)
                .open("tagSet").close("tagSet")
                .close("item");
    }
}
