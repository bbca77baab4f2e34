package io.egressallowlist.emulators.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the EC2 emulator's admin actions, read into its records and written back. */
final class Ec2AdminRequests {

    private final Ec2Emulator emulator;

    Ec2AdminRequests(Ec2Emulator emulator) {
        this.emulator = emulator;
    }

    static Subnet subnet(ObjectNode body) {
        return new Subnet(text(body, "subnetId"), text(body, "vpcId"), text(body, "availabilityZone"),
                text(body, "cidrBlock"));
    }

    /** An interface from {@code register-interface}'s body; its subnet must be known, its id is new when absent. */
    NetworkInterface networkInterface(ObjectNode body) {
        String subnetId = text(body, "subnetId");
        Subnet subnet = emulator.subnet(subnetId).orElseThrow(() -> new IllegalArgumentException(
                "no subnet " + subnetId + "; add it with put-subnet first"));
        String id = body.hasNonNull("networkInterfaceId") ? text(body, "networkInterfaceId") : emulator.newInterfaceId();
        return NetworkInterface.of(id, subnet, text(body, "privateIpAddress"), body.path("description").asText(""),
                        emulator.accountId())
                .withRequester(body.hasNonNull("requesterId") ? text(body, "requesterId") : null,
                        body.path("requesterManaged").asBoolean(false))
                .withTags(tags(body.path("tags")))
                .withSecurityGroups(strings(body.path("securityGroupIds"), "securityGroupIds"));
    }

    static RouteTable routeTable(ObjectNode body) {
        List<RouteTable.Route> routes = new ArrayList<>();
        JsonNode given = body.path("routes");
        if (!given.isMissingNode() && !given.isArray()) {
            throw new IllegalArgumentException("routes must be a list of {destinationCidrBlock, target}");
        }
        given.forEach(route -> routes.add(new RouteTable.Route(text((ObjectNode) route, "destinationCidrBlock"),
                text((ObjectNode) route, "target"))));
        return new RouteTable(text(body, "routeTableId"), text(body, "vpcId"), body.path("main").asBoolean(false),
                strings(body.path("subnetIds"), "subnetIds"), routes);
    }

    /** An endpoint from {@code put-vpc-endpoint}; an interface or gateway endpoint without a policy gets EC2's default. */
    static VpcEndpoint endpoint(ObjectNode body) {
        String type = text(body, "vpcEndpointType");
        String policy = body.hasNonNull("policyDocument") ? body.get("policyDocument").asText()
                : type.equals("Interface") || type.equals("Gateway") ? VpcEndpoint.DEFAULT_POLICY : null;
        return new VpcEndpoint(text(body, "vpcEndpointId"), text(body, "vpcId"), text(body, "serviceName"), type, policy);
    }

    static ObjectNode json(RouteTable table) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("routeTableId", table.routeTableId())
                .put("vpcId", table.vpcId()).put("main", table.main());
        table.subnetIds().forEach(json.putArray("subnetIds")::add);
        var routes = json.putArray("routes");
        table.routes().forEach(route -> routes.addObject().put("destinationCidrBlock", route.destinationCidrBlock())
                .put("target", route.target()));
        return json;
    }

    static ObjectNode json(VpcEndpoint endpoint) {
        return JsonNodeFactory.instance.objectNode().put("vpcEndpointId", endpoint.vpcEndpointId())
                .put("vpcId", endpoint.vpcId()).put("serviceName", endpoint.serviceName())
                .put("vpcEndpointType", endpoint.vpcEndpointType()).put("policyDocument", endpoint.policyDocument());
    }

    static ObjectNode json(Subnet subnet) {
        return JsonNodeFactory.instance.objectNode().put("subnetId", subnet.subnetId()).put("vpcId", subnet.vpcId())
                .put("availabilityZone", subnet.availabilityZone()).put("cidrBlock", subnet.cidrBlock());
    }

    static ObjectNode json(NetworkInterface ni) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("networkInterfaceId", ni.networkInterfaceId())
                .put("privateIpAddress", ni.privateIpAddress())
                .put("subnetId", ni.subnet().subnetId())
                .put("vpcId", ni.subnet().vpcId())
                .put("availabilityZone", ni.subnet().availabilityZone())
                .put("description", ni.description())
                .put("requesterId", ni.requesterId())
                .put("requesterManaged", ni.requesterManaged());
        ObjectNode tags = json.putObject("tags");
        ni.tags().forEach(tags::put);
        ni.securityGroupIds().forEach(json.putArray("securityGroupIds")::add);
        return json;
    }

    static String text(ObjectNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("body needs a string " + member);
        }
        return value.asText();
    }

    private static Map<String, String> tags(JsonNode tags) {
        if (tags.isMissingNode() || tags.isNull()) {
            return Map.of();
        }
        if (!tags.isObject()) {
            throw new IllegalArgumentException("tags must be an object of key to value");
        }
        Map<String, String> map = new LinkedHashMap<>();
        tags.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    private static List<String> strings(JsonNode array, String member) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException(member + " must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
