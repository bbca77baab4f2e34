package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonProtocolService.Operation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CreateFirewallPolicy and DescribeFirewallPolicy. Called with the emulator's lock held. */
record FirewallPolicyOperations(NetworkFirewallState state) {

    private static final Set<String> STANDARD_STATELESS_ACTIONS = Set.of("aws:pass", "aws:drop", "aws:forward_to_sfe");
    /** The valid values listed in the model doc of FirewallPolicy.StatefulDefaultActions. */
    private static final Set<String> STATEFUL_DEFAULT_ACTIONS = Set.of(
            "aws:drop_strict", "aws:drop_established", "aws:alert_strict", "aws:alert_established",
            "aws:drop_established_app_layer", "aws:alert_established_app_layer",
            "aws:drop_established_app_layer_to_server", "aws:alert_established_app_layer_to_server");
    private static final String STRICT_ORDER = "STRICT_ORDER";
    /** "Stateful rules per firewall policy 30,000", adjustable (aws-api-notes §1.5). */
    static final int MAX_STATEFUL_CAPACITY_PER_POLICY = 30_000;
    /** "At most 20 stateful rule groups referenced by one firewall policy (not adjustable)" (aws-api-notes §9). */
    static final int MAX_STATEFUL_GROUPS_PER_POLICY = 20;

    JsonNode create(ObjectNode input) {
        ResourceArn arn = state.newArn(ResourceArn.FIREWALL_POLICY, Json.text(input, "FirewallPolicyName"),
                state.policies, "firewall policy");
        ObjectNode policy = Json.objectCopy(input, "FirewallPolicy");
        validate(policy);
        StoredFirewallPolicy created = new StoredFirewallPolicy(arn, state.newId(), policy,
                Json.text(input, "Description"), Json.objectCopy(input, "EncryptionConfiguration"),
                input.hasNonNull("Tags") ? input.get("Tags").deepCopy() : Json.array(List.of()),
                state.newId(), state.now());
        if (!Json.flag(input, "DryRun")) {
            state.policies.put(arn.toString(), created);
        }
        ObjectNode output = Json.object().put("UpdateToken", created.updateToken());
        output.set("FirewallPolicyResponse", policyResponse(created));
        return output;
    }

    JsonNode describe(ObjectNode input) {
        StoredFirewallPolicy policy = locate(input);
        ObjectNode output = Json.object().put("UpdateToken", policy.updateToken());
        output.set("FirewallPolicyResponse", policyResponse(policy));
        output.set("FirewallPolicy", policy.policy().deepCopy());
        return output;
    }

    StoredFirewallPolicy locate(JsonNode input) {
        ResourceArn arn = ResourceArn.fromRequest(input, "FirewallPolicyName", "FirewallPolicyArn",
                ResourceArn.FIREWALL_POLICY, state.region, state.account);
        StoredFirewallPolicy policy = state.policies.get(arn.toString());
        if (policy == null) {
            throw NetworkFirewallErrors.RESOURCE_NOT_FOUND.error("No firewall policy " + arn + " exists");
        }
        return policy;
    }

    private void validate(ObjectNode policy) {
        Set<String> customActions = new HashSet<>();
        policy.path("StatelessCustomActions").forEach(action -> customActions.add(action.path("ActionName").asText()));
        requireOneStandardAction(policy, "StatelessDefaultActions", customActions);
        requireOneStandardAction(policy, "StatelessFragmentDefaultActions", customActions);
        String ruleOrder = policy.path("StatefulEngineOptions").path("RuleOrder").asText(RuleGroupRules.DEFAULT_RULE_ORDER);
        validateStatefulDefaultActions(policy.path("StatefulDefaultActions"), ruleOrder);
        validateStatelessReferences(policy.path("StatelessRuleGroupReferences"));
        validateStatefulReferences(policy.path("StatefulRuleGroupReferences"), ruleOrder);
    }

    /** Model doc of StatelessDefaultActions: exactly one standard action, plus any custom actions. */
    private static void requireOneStandardAction(ObjectNode policy, String member, Set<String> customActions) {
        long standard = 0;
        for (JsonNode action : policy.path(member)) {
            if (STANDARD_STATELESS_ACTIONS.contains(action.asText())) {
                standard++;
            } else if (!customActions.contains(action.asText())) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("FirewallPolicy." + member + " names '" + action.asText()
                        + "', which is neither a standard action " + STANDARD_STATELESS_ACTIONS
                        + " nor one of the StatelessCustomActions");
            }
        }
        if (standard != 1) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("FirewallPolicy." + member + " must contain exactly one of "
                    + STANDARD_STATELESS_ACTIONS + "; it contains " + standard);
        }
    }

    private static void validateStatefulDefaultActions(JsonNode actions, String ruleOrder) {
        if (actions.isEmpty()) {
            return;
        }
        if (!ruleOrder.equals(STRICT_ORDER)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("FirewallPolicy.StatefulDefaultActions is only valid with "
                    + "StatefulEngineOptions.RuleOrder STRICT_ORDER");
        }
        for (JsonNode action : actions) {
            if (!STATEFUL_DEFAULT_ACTIONS.contains(action.asText())) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("FirewallPolicy.StatefulDefaultActions names '"
                        + action.asText() + "'; valid values are " + STATEFUL_DEFAULT_ACTIONS);
            }
        }
    }

    private void validateStatelessReferences(JsonNode references) {
        Set<String> arns = new HashSet<>();
        Set<Integer> priorities = new HashSet<>();
        for (JsonNode reference : references) {
            StoredRuleGroup ruleGroup = referencedRuleGroup(reference, "StatelessRuleGroupReferences", arns);
            if (ruleGroup.type().isStateful()) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("StatelessRuleGroupReferences lists the stateful rule group '"
                        + ruleGroup.name() + "'; reference it in StatefulRuleGroupReferences");
            }
            requireUniquePriority(reference.path("Priority").asInt(), priorities, "StatelessRuleGroupReferences");
        }
    }

    private void validateStatefulReferences(JsonNode references, String ruleOrder) {
        if (references.size() > MAX_STATEFUL_GROUPS_PER_POLICY) {
            // CreateFirewallPolicy models LimitExceededException; that AWS answers this limit with it is a guess.
            throw NetworkFirewallErrors.LIMIT_EXCEEDED.error("StatefulRuleGroupReferences lists " + references.size()
                    + " rule groups; a firewall policy may reference at most " + MAX_STATEFUL_GROUPS_PER_POLICY);
        }
        Set<String> arns = new HashSet<>();
        Set<Integer> priorities = new HashSet<>();
        long reservedCapacity = 0;
        for (JsonNode reference : references) {
            StoredRuleGroup ruleGroup = referencedRuleGroup(reference, "StatefulRuleGroupReferences", arns);
            if (!ruleGroup.type().isStateful()) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("StatefulRuleGroupReferences lists the stateless rule group '"
                        + ruleGroup.name() + "'; reference it in StatelessRuleGroupReferences");
            }
            requireMatchingRuleOrder(ruleGroup, ruleOrder);
            if (ruleOrder.equals(STRICT_ORDER)) {
                requireStrictPriority(reference, ruleGroup, priorities);
            }
            reservedCapacity += ruleGroup.capacity();
        }
        if (reservedCapacity > MAX_STATEFUL_CAPACITY_PER_POLICY) {
            // The error type for this quota is a guess; aws-api-notes §1.5 gives only the number.
            throw NetworkFirewallErrors.INVALID_REQUEST.error("The stateful rule groups of this policy reserve " + reservedCapacity
                    + " capacity units; a policy allows at most " + MAX_STATEFUL_CAPACITY_PER_POLICY);
        }
    }

    private StoredRuleGroup referencedRuleGroup(JsonNode reference, String member, Set<String> seen) {
        String arnText = reference.path("ResourceArn").asText();
        ResourceArn arn = ResourceArn.parse(arnText, member + ".ResourceArn");
        if (!seen.add(arn.toString())) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error(member + " lists rule group " + arnText + " more than once");
        }
        // CreateFirewallPolicy does not model ResourceNotFoundException, so a dangling reference is a bad request.
        return state.ruleGroup(arn.toString()).orElseThrow(() -> NetworkFirewallErrors.INVALID_REQUEST.error(
                member + " references rule group " + arnText + ", which does not exist"));
    }

    /** A rule group's rule order must match the policy's (aws-api-notes §1.3). */
    private static void requireMatchingRuleOrder(StoredRuleGroup ruleGroup, String policyRuleOrder) {
        String groupRuleOrder = RuleGroupRules.ruleOrder(ruleGroup.ruleGroup());
        if (ruleGroup.type().isStateful() && !groupRuleOrder.equals(policyRuleOrder)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("Rule group '" + ruleGroup.name() + "' uses rule order "
                    + groupRuleOrder + " but the policy uses " + policyRuleOrder + "; they must match");
        }
    }

    /** Under strict order each stateful reference needs a Priority, unique in the policy (model doc of Priority). */
    private static void requireStrictPriority(JsonNode reference, StoredRuleGroup ruleGroup, Set<Integer> priorities) {
        if (!reference.hasNonNull("Priority")) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("StatefulRuleGroupReferences entry for '" + ruleGroup.name()
                    + "' needs a Priority, because the policy uses STRICT_ORDER");
        }
        requireUniquePriority(reference.get("Priority").asInt(), priorities, "StatefulRuleGroupReferences");
    }

    private static void requireUniquePriority(int priority, Set<Integer> priorities, String member) {
        if (!priorities.add(priority)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error(member + " uses Priority " + priority + " more than once; "
                    + "priorities must be unique within a policy");
        }
    }

    private ObjectNode policyResponse(StoredFirewallPolicy policy) {
        ObjectNode response = Json.object()
                .put("FirewallPolicyName", policy.name())
                .put("FirewallPolicyArn", policy.arn().toString())
                .put("FirewallPolicyId", policy.id());
        if (policy.description() != null) {
            response.put("Description", policy.description());
        }
        response.put("FirewallPolicyStatus", "ACTIVE");
        response.set("Tags", policy.tags().deepCopy());
        addConsumedCapacities(policy, response);
        response.put("NumberOfAssociations", state.firewallsUsing(policy.arn()));
        ObjectNode optional = Json.object();
        if (policy.encryption() != null) {
            optional.set("EncryptionConfiguration", policy.encryption());
        }
        response.set("EncryptionConfiguration", RuleGroupOperations.encryptionOrDefault(optional));
        response.set("LastModifiedTime", Json.timestamp(policy.lastModified()));
        return response;
    }

    /**
     * A policy reserves each referenced group's full capacity (model doc of CreateRuleGroupRequest.Capacity);
     * domain capacity counts the targets of STATEFUL_DOMAIN groups (model doc of ConsumedStatefulDomainCapacity).
     */
    private void addConsumedCapacities(StoredFirewallPolicy policy, ObjectNode response) {
        int stateless = 0;
        int stateful = 0;
        int domains = 0;
        for (String arn : policy.referencedRuleGroupArns()) {
            StoredRuleGroup ruleGroup = state.ruleGroups.get(arn);
            if (ruleGroup == null) {
                continue;
            }
            switch (ruleGroup.type()) {
                case STATELESS -> stateless += ruleGroup.capacity();
                case STATEFUL -> stateful += ruleGroup.capacity();
                case STATEFUL_DOMAIN -> domains += RuleGroupRules.targets(ruleGroup.ruleGroup()).size();
            }
        }
        response.put("ConsumedStatelessRuleCapacity", stateless)
                .put("ConsumedStatefulRuleCapacity", stateful)
                .put("ConsumedStatefulDomainCapacity", domains);
    }

    /** The firewall policy operations, by their names in {@code X-Amz-Target}. */
    Map<String, Operation> operations() {
        return Map.of("CreateFirewallPolicy", this::create, "DescribeFirewallPolicy", this::describe);
    }
}
