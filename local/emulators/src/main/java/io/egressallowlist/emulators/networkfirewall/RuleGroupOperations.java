package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonProtocolService.Operation;

import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CreateRuleGroup, DescribeRuleGroup, UpdateRuleGroup, ListRuleGroups and DeleteRuleGroup, plus the edits
 * that other writers make (drift, token races). Called with the emulator's lock held.
 */
record RuleGroupOperations(NetworkFirewallState state) {

    /** The model pattern of UpdateToken: a lowercase UUID (aws-api-notes §1.2). */
    private static final Pattern UPDATE_TOKEN = Pattern.compile("^([0-9a-f]{8})-([0-9a-f]{4}-){3}([0-9a-f]{12})$");
    private static final String ACTIVE = "ACTIVE";

    JsonNode create(ObjectNode input) {
        String name = Json.text(input, "RuleGroupName");
        RuleGroupType type = RuleGroupType.valueOf(Json.text(input, "Type"));
        long capacity = input.get("Capacity").asLong();
        RuleGroupRules.requireCapacityInRange(capacity);
        ObjectNode ruleGroup = RuleGroupRules.fromRequest(input);
        RuleGroupRules.validate(type, ruleGroup);
        CapacityNeed need = RuleGroupRules.capacityNeeded(ruleGroup);
        RuleGroupRules.requireFits(name, need, (int) capacity);

        ResourceArn arn = state.arn(type.arnResourceType(), name);
        requireNameFree(arn, type);
        requireQuota(type);
        StoredRuleGroup created = new StoredRuleGroup(arn, state.newId(), type, (int) capacity, ruleGroup,
                Json.text(input, "Description"), optionalMembers(input), tags(input), need.unitsAsInt(),
                state.newId(), state.now(), 0);
        // DryRun returns what the real call would, including the ARN the group would get, and stores nothing
        // (model doc of CreateRuleGroupRequest.DryRun; aws-api-notes §1.3 calls that ARN a placeholder).
        if (!Json.flag(input, "DryRun")) {
            state.ruleGroups.put(arn.toString(), created);
        }
        return tokenAndResponse(created, Json.flag(input, "AnalyzeRuleGroup"));
    }

    JsonNode describe(ObjectNode input) {
        StoredRuleGroup stored = locate(input);
        ObjectNode output = Json.object().put("UpdateToken", stored.updateToken());
        output.set("RuleGroup", stored.ruleGroup().deepCopy());
        output.set("RuleGroupResponse", ruleGroupResponse(stored, Json.flag(input, "AnalyzeRuleGroup"), ACTIVE));
        return output;
    }

    /**
     * Replaces the whole rule group: members left out of the request are gone, except the immutable name,
     * type, capacity and tags (aws-api-notes §1.2). That includes RulesSource, so an update may turn a domain list
     * into Suricata rules ({@code RulesString}) and back: AWS documents no refusal of that, only of a new rule
     * order (§1.3), and the new rules must fit the fixed capacity like any update.
     */
    JsonNode update(ObjectNode input) {
        StoredRuleGroup current = landConcurrentWrite(locate(input));
        requireCurrentToken(Json.text(input, "UpdateToken"), current);
        ObjectNode ruleGroup = RuleGroupRules.fromRequest(input);
        RuleGroupRules.validate(current.type(), ruleGroup);
        requireSameRuleOrder(current, ruleGroup);
        CapacityNeed need = RuleGroupRules.capacityNeeded(ruleGroup);
        RuleGroupRules.requireFits(current.name(), need, current.capacity());

        boolean dryRun = Json.flag(input, "DryRun");
        // A dry run changes nothing, so the token it returns is still the current one [guess; aws-api-notes §1.2 is silent].
        String token = dryRun ? current.updateToken() : state.newId();
        StoredRuleGroup updated = current.withContent(ruleGroup, Json.text(input, "Description"),
                optionalMembers(input), need.unitsAsInt(), token, state.now());
        if (!dryRun) {
            updated = updated.countingUpdate();
            state.ruleGroups.put(updated.arn().toString(), updated);
        }
        return tokenAndResponse(updated, Json.flag(input, "AnalyzeRuleGroup"));
    }

    JsonNode list(ObjectNode input) {
        String scope = Json.text(input, "Scope") == null ? "ACCOUNT" : Json.text(input, "Scope");
        String type = Json.text(input, "Type");
        // Only the account's own rule groups are emulated; there are no AWS managed ones to list. The service
        // documents no order; ARN order is stable, so pages neither repeat nor skip (aws-api-notes §1.3).
        List<StoredRuleGroup> matching = scope.equals("MANAGED") ? List.of() : state.ruleGroups.values().stream()
                .filter(rg -> type == null || rg.type().name().equals(type))
                .toList();
        Page<StoredRuleGroup> page = Page.of(matching, rg -> rg.arn().toString(), "ListRuleGroups:" + scope + ":" + type,
                Json.text(input, "NextToken"), Json.integer(input, "MaxResults"));
        ObjectNode output = Json.object();
        var ruleGroups = output.putArray("RuleGroups");
        page.items().forEach(rg -> ruleGroups.addObject().put("Name", rg.name()).put("Arn", rg.arn().toString()));
        if (page.nextToken() != null) {
            output.put("NextToken", page.nextToken());
        }
        return output;
    }

    JsonNode delete(ObjectNode input) {
        StoredRuleGroup stored = locate(input);
        List<String> users = state.policiesReferencing(stored.arn()).stream().map(StoredFirewallPolicy::name).toList();
        if (!users.isEmpty()) {
            throw NetworkFirewallErrors.INVALID_OPERATION.error("Rule group '" + stored.name() + "' is in use by firewall policies "
                    + users + "; remove it from them before deleting it");
        }
        state.ruleGroups.remove(stored.arn().toString());
        state.tokenRacesByRuleGroupArn.remove(stored.arn().toString());
        ObjectNode output = Json.object();
        output.set("RuleGroupResponse", ruleGroupResponse(stored, false, "DELETING"));
        return output;
    }

    /**
     * A malformed token is refused like a stale one. The model pattern alone would make it an
     * InvalidRequestException; the notes (§1.2) do not settle which the service sends, so this is a guess.
     */
    static void rejectMalformedToken(ObjectNode input) {
        JsonNode token = input.get("UpdateToken");
        if (token != null && token.isTextual() && !UPDATE_TOKEN.matcher(token.asText()).matches()) {
            throw NetworkFirewallErrors.INVALID_TOKEN.error("UpdateToken '" + token.asText() + "' is not a valid update token; "
                    + "call DescribeRuleGroup and send the UpdateToken it returns");
        }
    }

    /** A change by another writer, as the console makes: new targets (or none), a new token, a new sync. */
    StoredRuleGroup applyEdit(StoredRuleGroup current, TargetEdit edit) {
        if (edit.changesTargets() && !RuleGroupRules.isDomainList(current.ruleGroup())) {
            throw new IllegalArgumentException("rule group " + current.name() + " is not a domain list; only its token can change");
        }
        ObjectNode ruleGroup = current.ruleGroup().deepCopy();
        if (RuleGroupRules.isDomainList(ruleGroup)) {
            List<String> targets = edit.apply(RuleGroupRules.targets(ruleGroup));
            ((ObjectNode) ruleGroup.path("RulesSource").path("RulesSourceList")).set("Targets", Json.array(targets));
        }
        CapacityNeed need = RuleGroupRules.capacityNeeded(ruleGroup);
        if (need.units() > current.capacity()) {
            throw new IllegalArgumentException("the edit needs " + need.units() + " capacity units (" + need.explanation()
                    + ") but rule group " + current.name() + " has capacity " + current.capacity());
        }
        StoredRuleGroup edited = current.withContent(ruleGroup, current.description(), current.optionalMembers(),
                need.unitsAsInt(), state.newId(), state.now());
        state.ruleGroups.put(edited.arn().toString(), edited);
        return edited;
    }

    StoredRuleGroup byName(String name) {
        List<StoredRuleGroup> named = state.ruleGroups.values().stream().filter(rg -> rg.name().equals(name)).toList();
        if (named.size() != 1) {
            throw new IllegalArgumentException(named.isEmpty() ? "no rule group named " + name
                    : "several rule groups are named " + name + "; their types differ");
        }
        return named.get(0);
    }

    ObjectNode ruleGroupResponse(StoredRuleGroup stored, boolean analyze, String status) {
        ObjectNode response = Json.object()
                .put("RuleGroupArn", stored.arn().toString())
                .put("RuleGroupName", stored.name())
                .put("RuleGroupId", stored.id());
        if (stored.description() != null) {
            response.put("Description", stored.description());
        }
        response.put("Type", stored.type().name())
                .put("Capacity", stored.capacity())
                .put("RuleGroupStatus", status);
        response.set("Tags", stored.tags().deepCopy());
        response.put("ConsumedCapacity", stored.consumedCapacity())
                .put("NumberOfAssociations", state.policiesReferencing(stored.arn()).size());
        response.set("EncryptionConfiguration", encryptionOrDefault(stored.optionalMembers()));
        response.setAll(Json.pick(stored.optionalMembers(), "SourceMetadata", "SummaryConfiguration"));
        response.set("LastModifiedTime", Json.timestamp(stored.lastModified()));
        if (analyze) {
            // Analysis only finds stateless forwarding problems, which the emulator does not model.
            response.putArray("AnalysisResults");
        }
        return response;
    }

    /** Without a customer key, NFW encrypts with an AWS owned key [guess: that Describe reports it so]. */
    static ObjectNode encryptionOrDefault(JsonNode optionalMembers) {
        JsonNode encryption = optionalMembers.get("EncryptionConfiguration");
        return encryption instanceof ObjectNode object ? object.deepCopy()
                : Json.object().put("Type", "AWS_OWNED_KMS_KEY");
    }

    private StoredRuleGroup locate(ObjectNode input) {
        ResourceArn arn = requestedArn(input);
        return state.ruleGroup(arn.toString()).orElseThrow(() -> NetworkFirewallErrors.RESOURCE_NOT_FOUND.error(
                "No rule group " + arn + " exists; check the name, the Type and the Region"));
    }

    /** Type is required when no ARN is given, since a stateless and a stateful group may share a name (aws-api-notes §1.2). */
    private ResourceArn requestedArn(ObjectNode input) {
        String name = Json.text(input, "RuleGroupName");
        String arnText = Json.text(input, "RuleGroupArn");
        String typeText = Json.text(input, "Type");
        if (arnText == null) {
            if (name == null) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("Specify RuleGroupArn, or RuleGroupName and Type");
            }
            if (typeText == null) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("Type is required when RuleGroupArn is not given: "
                        + "send Type STATEFUL, STATELESS or STATEFUL_DOMAIN with RuleGroupName '" + name + "'");
            }
            return state.arn(RuleGroupType.valueOf(typeText).arnResourceType(), name);
        }
        ResourceArn arn = ResourceArn.parse(arnText, "RuleGroupArn");
        RuleGroupType type = RuleGroupType.fromArnResourceType(arn.resourceType()).orElseThrow(() ->
                NetworkFirewallErrors.INVALID_REQUEST.error("RuleGroupArn '" + arnText + "' names a " + arn.resourceType()
                        + ", not a rule group"));
        arn.requireName(name, "RuleGroupName", "RuleGroupArn");
        if (typeText != null && !typeText.equals(type.name())) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("Type " + typeText + " does not match RuleGroupArn '" + arnText
                    + "', which names a " + type + " rule group");
        }
        return arn;
    }

    /** A forced token race: another writer's update lands between the caller's Describe and this Update. */
    private StoredRuleGroup landConcurrentWrite(StoredRuleGroup current) {
        Deque<TargetEdit> races = state.tokenRacesByRuleGroupArn.get(current.arn().toString());
        if (races == null || races.isEmpty()) {
            return current;
        }
        TargetEdit concurrentWrite = races.poll();
        try {
            return applyEdit(current, concurrentWrite);
        } catch (IllegalArgumentException noLongerFits) {
            return applyEdit(current, TargetEdit.unchanged());
        }
    }

    private static void requireCurrentToken(String token, StoredRuleGroup current) {
        if (!token.equals(current.updateToken())) {
            throw NetworkFirewallErrors.INVALID_TOKEN.error("Update token " + token + " is not current for rule group '"
                    + current.name() + "': it has changed since you read it. Call DescribeRuleGroup, re-apply your "
                    + "change to what it returns, and retry with the new UpdateToken");
        }
    }

    /** The RuleOrder of a rule group can't be changed after creation (aws-api-notes §1.3). */
    private static void requireSameRuleOrder(StoredRuleGroup current, ObjectNode ruleGroup) {
        if (!current.type().isStateful()) {
            return;
        }
        String before = RuleGroupRules.ruleOrder(current.ruleGroup());
        String after = RuleGroupRules.ruleOrder(ruleGroup);
        if (!before.equals(after)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("StatefulRuleOptions.RuleOrder of rule group '" + current.name()
                    + "' is " + before + " and can't be changed to " + after + "; send the rule order it was created with");
        }
    }

    private void requireNameFree(ResourceArn arn, RuleGroupType type) {
        if (state.ruleGroups.containsKey(arn.toString())) {
            // The exact error type for a duplicate name is unverified (aws-api-notes §8 item 4).
            throw NetworkFirewallErrors.INVALID_REQUEST.error("A " + type + " rule group named '" + arn.name()
                    + "' already exists; rule group names are unique per type in an account and Region");
        }
    }

    /** Stateful and stateless rule groups are each limited per account and Region (aws-api-notes §1.5). */
    private void requireQuota(RuleGroupType type) {
        long sameKind = state.ruleGroups.values().stream().filter(rg -> rg.type().isStateful() == type.isStateful()).count();
        if (sameKind >= state.ruleGroupQuota) {
            throw NetworkFirewallErrors.LIMIT_EXCEEDED.error("The account already has " + sameKind + " "
                    + (type.isStateful() ? "stateful" : "stateless") + " rule groups, the quota in this Region");
        }
    }

    private ObjectNode tokenAndResponse(StoredRuleGroup stored, boolean analyze) {
        ObjectNode output = Json.object().put("UpdateToken", stored.updateToken());
        output.set("RuleGroupResponse", ruleGroupResponse(stored, analyze, ACTIVE));
        return output;
    }

    private static ObjectNode optionalMembers(ObjectNode input) {
        return Json.pick(input, "EncryptionConfiguration", "SourceMetadata", "SummaryConfiguration");
    }

    private static JsonNode tags(ObjectNode input) {
        JsonNode tags = input.get("Tags");
        return tags != null && tags.isArray() ? tags.deepCopy() : Json.array(List.of());
    }

    /** The rule group operations, by their names in {@code X-Amz-Target}. */
    Map<String, Operation> operations() {
        return Map.of("CreateRuleGroup", this::create, "DescribeRuleGroup", this::describe,
                "UpdateRuleGroup", this::update, "ListRuleGroups", this::list, "DeleteRuleGroup", this::delete);
    }
}
