package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonProtocolService.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CreateFirewall and DescribeFirewall, including the simulated propagation of configuration changes to
 * the firewall endpoints (aws-api-notes §1.6). Called with the emulator's lock held.
 */
record FirewallOperations(NetworkFirewallState state) {

    /** The model pattern of Attachment.SubnetId (AzSubnet); SubnetMapping.SubnetId itself has none. */
    private static final Pattern SUBNET_ID = Pattern.compile("^subnet-[0-9a-f]+$");
    private static final int ENDPOINT_ID_HEX_DIGITS = 17;

    JsonNode create(ObjectNode input) {
        ResourceArn arn = state.newArn(ResourceArn.FIREWALL, Json.text(input, "FirewallName"), state.firewalls,
                "firewall");
        ResourceArn policyArn = existingPolicy(Json.text(input, "FirewallPolicyArn"));
        if (!input.hasNonNull("VpcId") || input.path("SubnetMappings").isEmpty()) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("VpcId and at least one SubnetMappings entry are required; "
                    + "this emulator models firewalls with endpoints in VPC subnets");
        }
        List<StoredFirewall.Attachment> attachments = attachments(input.get("SubnetMappings"));
        StoredFirewall created = new StoredFirewall(arn, policyArn, firewallObject(input, arn), attachments,
                analysisTypes(input), state.newId(), state.now());
        state.firewalls.put(arn.toString(), created);
        ObjectNode output = Json.object();
        output.set("Firewall", created.firewall().deepCopy());
        output.set("FirewallStatus", status(created));
        return output;
    }

    JsonNode describe(ObjectNode input) {
        StoredFirewall firewall = locate(input);
        ObjectNode output = Json.object().put("UpdateToken", firewall.updateToken());
        output.set("Firewall", firewall.firewall().deepCopy());
        output.set("FirewallStatus", status(firewall));
        return output;
    }

    StoredFirewall locate(JsonNode input) {
        ResourceArn arn = ResourceArn.fromRequest(input, "FirewallName", "FirewallArn", ResourceArn.FIREWALL,
                state.region, state.account);
        StoredFirewall firewall = state.firewalls.get(arn.toString());
        if (firewall == null) {
            throw NetworkFirewallErrors.RESOURCE_NOT_FOUND.error("No firewall " + arn + " exists");
        }
        return firewall;
    }

    StoredFirewall byName(String name) {
        StoredFirewall firewall = state.firewalls.get(state.arn(ResourceArn.FIREWALL, name).toString());
        if (firewall == null) {
            throw new IllegalArgumentException("no firewall named " + name);
        }
        return firewall;
    }

    /**
     * Each endpoint holds a copy of the policy and of every rule group it references. A copy is PENDING
     * until the sync delay has passed since its last change (or since the firewall was created) and then
     * IN_SYNC; the firewall is READY only when every copy is in sync and every endpoint is ready (model doc
     * of FirewallStatus.Status). The per-object token is the object's UpdateToken (aws-api-notes §1.6).
     */
    private ObjectNode status(StoredFirewall firewall) {
        boolean provisioning = state.stillSyncing(firewall.createdAt());
        Map<String, ObjectNode> config = configSyncStates(firewall);
        boolean pending = config.values().stream().anyMatch(entry -> entry.path("SyncStatus").asText().equals("PENDING"));
        ObjectNode status = Json.object()
                .put("Status", provisioning || pending ? "PROVISIONING" : "READY")
                .put("ConfigurationSyncStateSummary", pending ? "PENDING" : "IN_SYNC");
        ObjectNode syncStates = status.putObject("SyncStates");
        for (StoredFirewall.Attachment attachment : firewall.attachments()) {
            ObjectNode zone = syncStates.putObject(attachment.availabilityZone());
            zone.putObject("Attachment")
                    .put("SubnetId", attachment.subnetId())
                    .put("EndpointId", attachment.endpointId())
                    .put("Status", provisioning ? "CREATING" : "READY");
            ObjectNode zoneConfig = zone.putObject("Config");
            config.forEach((name, entry) -> zoneConfig.set(name, entry.deepCopy()));
        }
        return status;
    }

    private Map<String, ObjectNode> configSyncStates(StoredFirewall firewall) {
        Map<String, ObjectNode> config = new LinkedHashMap<>();
        StoredFirewallPolicy policy = state.policies.get(firewall.policyArn().toString());
        config.put(policy.name(), perObject(policy.updateToken(), policy.lastModified(), firewall));
        for (String ruleGroupArn : policy.referencedRuleGroupArns()) {
            StoredRuleGroup ruleGroup = state.ruleGroups.get(ruleGroupArn);
            if (ruleGroup != null) {
                config.put(ruleGroup.name(), perObject(ruleGroup.updateToken(), ruleGroup.lastModified(), firewall));
            }
        }
        return config;
    }

    private ObjectNode perObject(String updateToken, Instant lastModified, StoredFirewall firewall) {
        Instant changed = lastModified.isAfter(firewall.createdAt()) ? lastModified : firewall.createdAt();
        return Json.object()
                .put("SyncStatus", state.stillSyncing(changed) ? "PENDING" : "IN_SYNC")
                .put("UpdateToken", updateToken);
    }

    private ResourceArn existingPolicy(String policyArnText) {
        ResourceArn policyArn = ResourceArn.parse(policyArnText, "FirewallPolicyArn");
        if (!policyArn.resourceType().equals(ResourceArn.FIREWALL_POLICY)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("FirewallPolicyArn '" + policyArnText + "' names a "
                    + policyArn.resourceType() + ", not a firewall-policy");
        }
        // CreateFirewall does not model ResourceNotFoundException, so an unknown policy is a bad request.
        if (!state.policies.containsKey(policyArn.toString())) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("FirewallPolicyArn '" + policyArnText + "' names no existing firewall policy");
        }
        return policyArn;
    }

    /** One endpoint per subnet, and one subnet per Availability Zone. */
    private List<StoredFirewall.Attachment> attachments(JsonNode subnetMappings) {
        List<StoredFirewall.Attachment> attachments = new ArrayList<>();
        Set<String> subnets = new HashSet<>();
        Map<String, String> subnetByZone = new HashMap<>();
        for (int i = 0; i < subnetMappings.size(); i++) {
            String subnetId = subnetMappings.get(i).path("SubnetId").asText();
            if (!SUBNET_ID.matcher(subnetId).matches()) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("SubnetMappings[" + i + "].SubnetId '" + subnetId
                        + "' is not a subnet id like subnet-0123abcd");
            }
            if (!subnets.add(subnetId)) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("SubnetMappings lists " + subnetId + " more than once");
            }
            String zone = availabilityZone(subnetId, i);
            String other = subnetByZone.putIfAbsent(zone, subnetId);
            if (other != null) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("Subnets " + other + " and " + subnetId + " are both in "
                        + zone + "; a firewall takes one subnet per Availability Zone");
            }
            attachments.add(new StoredFirewall.Attachment(subnetId, zone, endpointId()));
        }
        return attachments;
    }

    /** The zone seeded for the subnet, else the Region's zones a, b, c… in request order. */
    private String availabilityZone(String subnetId, int index) {
        String seeded = state.availabilityZoneBySubnet.get(subnetId);
        return seeded != null ? seeded : state.region + (char) ('a' + index % 26);
    }

    private String endpointId() {
        return "vpce-" + state.newId().replace("-", "").substring(0, ENDPOINT_ID_HEX_DIGITS);
    }

    private static List<String> analysisTypes(ObjectNode input) {
        List<String> types = new ArrayList<>();
        input.path("EnabledAnalysisTypes").forEach(type -> types.add(type.asText()));
        return List.copyOf(types);
    }

    private ObjectNode firewallObject(ObjectNode input, ResourceArn arn) {
        ObjectNode firewall = Json.object()
                .put("FirewallName", arn.name())
                .put("FirewallArn", arn.toString());
        firewall.setAll(Json.pick(input, "FirewallPolicyArn", "VpcId", "SubnetMappings"));
        for (String protection : List.of("DeleteProtection", "SubnetChangeProtection", "FirewallPolicyChangeProtection")) {
            firewall.put(protection, Json.flag(input, protection));
        }
        firewall.setAll(Json.pick(input, "Description"));
        firewall.put("FirewallId", state.newId());
        firewall.set("Tags", input.hasNonNull("Tags") ? input.get("Tags").deepCopy() : Json.array(List.of()));
        firewall.set("EncryptionConfiguration", RuleGroupOperations.encryptionOrDefault(input));
        firewall.set("EnabledAnalysisTypes", Json.array(analysisTypes(input)));
        return firewall;
    }

    /** The firewall operations, by their names in {@code X-Amz-Target}. */
    Map<String, Operation> operations() {
        return Map.of("CreateFirewall", this::create, "DescribeFirewall", this::describe);
    }
}
