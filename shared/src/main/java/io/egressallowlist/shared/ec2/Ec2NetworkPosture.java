package io.egressallowlist.shared.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.domain.NetworkPosture;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link NetworkPosture} over EC2 {@code DescribeRouteTables} and {@code DescribeVpcEndpoints}, each filtered by
 * {@code vpc-id} and read page by page. Both need their {@code ec2:Describe*} action, which has no resource-level
 * permissions.
 */
public final class Ec2NetworkPosture implements NetworkPosture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ec2Client ec2;

    public Ec2NetworkPosture(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public List<RouteTable> routeTables(String vpcId) {
        return call("DescribeRouteTables", () -> ec2.describeRouteTablesPaginator(b -> b.filters(vpc(vpcId)))
                .routeTables().stream().map(Ec2NetworkPosture::routeTable).toList());
    }

    @Override
    public List<VpcEndpoint> endpoints(String vpcId) {
        return call("DescribeVpcEndpoints", () -> ec2.describeVpcEndpointsPaginator(b -> b.filters(vpc(vpcId)))
                .vpcEndpoints().stream().map(Ec2NetworkPosture::endpoint).toList());
    }

    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new Unavailable(operation + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static Filter vpc(String vpcId) {
        return Filter.builder().name("vpc-id").values(vpcId).build();
    }

    /** A table is the main one when one of its associations says {@code Main}; the others name a subnet (or a gateway). */
    private static RouteTable routeTable(software.amazon.awssdk.services.ec2.model.RouteTable table) {
        boolean main = table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()));
        List<String> subnets = table.associations().stream().map(RouteTableAssociation::subnetId)
                .filter(Objects::nonNull).toList();
        List<Route> routes = new ArrayList<>();
        for (software.amazon.awssdk.services.ec2.model.Route route : table.routes()) {
            if (route.destinationCidrBlock() != null) {
                routes.add(new Route(route.destinationCidrBlock(), target(route)));
            }
        }
        return new RouteTable(table.routeTableId(), main, subnets, routes);
    }

    /**
     * The route's target id. A route to a Gateway Load Balancer endpoint (the firewall's) is created with
     * {@code VpcEndpointId} but described with that id in {@code GatewayId} ({@code vpce-…}): the Route shape of the
     * EC2 API reference has no endpoint member.
     */
    private static String target(software.amazon.awssdk.services.ec2.model.Route route) {
        return Stream.of(route.gatewayId(), route.natGatewayId(), route.transitGatewayId(), route.networkInterfaceId(),
                        route.vpcPeeringConnectionId(), route.instanceId(), route.egressOnlyInternetGatewayId(),
                        route.localGatewayId(), route.carrierGatewayId(), route.coreNetworkArn())
                .filter(Objects::nonNull).findFirst().orElse("unknown");
    }

    private static VpcEndpoint endpoint(software.amazon.awssdk.services.ec2.model.VpcEndpoint endpoint) {
        return new VpcEndpoint(endpoint.vpcEndpointId(), endpoint.serviceName(),
                endpoint.vpcEndpointTypeAsString(), access(endpoint.policyDocument()));
    }

    /**
     * {@link PolicyAccess#FULL_ACCESS} when a statement allows every action on every resource to every principal
     * without a condition, as the default policy does ({@code {"Statement":[{"Effect":"Allow","Principal":"*",
     * "Action":"*","Resource":"*"}]}}, "Control access to VPC endpoints using endpoint policies"): other statements
     * cannot narrow an Allow (only a Deny could, and the default has none).
     */
    static PolicyAccess access(String document) {
        if (document == null || document.isBlank()) {
            return PolicyAccess.NO_POLICY;
        }
        JsonNode policy;
        try {
            policy = JSON.readTree(document);
        } catch (IOException e) {
            // EC2 accepts only valid JSON for an endpoint policy; what it answers parses.
            return PolicyAccess.RESTRICTED;
        }
        JsonNode statements = policy.path("Statement");
        List<JsonNode> all = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(all::add);
        } else if (statements.isObject()) {
            all.add(statements);
        }
        boolean denies = all.stream().anyMatch(s -> "Deny".equals(s.path("Effect").asText()));
        boolean open = all.stream().anyMatch(Ec2NetworkPosture::allowsEverything);
        return open && !denies ? PolicyAccess.FULL_ACCESS : PolicyAccess.RESTRICTED;
    }

    private static boolean allowsEverything(JsonNode statement) {
        return "Allow".equals(statement.path("Effect").asText()) && !statement.has("Condition")
                && anyStar(statement.path("Action")) && anyStar(statement.path("Resource"))
                && (anyStar(statement.path("Principal")) || anyStar(statement.path("Principal").path("AWS")));
    }

    private static boolean anyStar(JsonNode value) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                if ("*".equals(item.asText())) {
                    return true;
                }
            }
            return false;
        }
        return value.isTextual() && "*".equals(value.asText());
    }
}
