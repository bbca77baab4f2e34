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
                .withSecurityGroups(strings(body.path("securityGroupIds")));
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

    private static List<String> strings(JsonNode array) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("securityGroupIds must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
