package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule group may contain and how much capacity it consumes: the checks of aws-api-notes §1.3 and
 * §1.5 that the service model cannot express.
 */
final class RuleGroupRules {

    /** Not adjustable: "max stateful rule group capacity 30,000" (aws-api-notes §1.5). */
    static final int MAX_CAPACITY = 30_000;
    /** Not adjustable: "max Suricata rule length 8,192 chars" (aws-api-notes §1.5). */
    static final int MAX_SURICATA_RULE_CHARS = 8_192;
    /** Not adjustable: "max IP set references per stateful group 5" (aws-api-notes §1.5). */
    static final int MAX_IP_SET_REFERENCES = 5;
    static final String DEFAULT_RULE_ORDER = "DEFAULT_ACTION_ORDER";

    private static final List<String> SOURCE_MEMBERS =
            List.of("RulesString", "RulesSourceList", "StatefulRules", "StatelessRulesAndCustomActions");
    private static final List<String> STATELESS_MATCH_SETTINGS =
            List.of("Sources", "Destinations", "SourcePorts", "DestinationPorts", "Protocols", "TCPFlags");

    private RuleGroupRules() {
    }

    /**
     * The {@code RuleGroup} a Create/Update request describes. A flat {@code Rules} string is the same as a
     * {@code RulesSource.RulesString}, which is how Describe returns it.
     */
    static ObjectNode fromRequest(ObjectNode input) {
        JsonNode ruleGroup = input.get("RuleGroup");
        JsonNode rules = input.get("Rules");
        boolean hasRuleGroup = ruleGroup != null && !ruleGroup.isNull();
        boolean hasRules = rules != null && !rules.isNull();
        if (hasRuleGroup && hasRules) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("Specify either RuleGroup or Rules, not both");
        }
        if (hasRuleGroup) {
            return ((ObjectNode) ruleGroup).deepCopy();
        }
        if (hasRules) {
            ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
            wrapped.putObject("RulesSource").put("RulesString", rules.asText());
            return wrapped;
        }
        throw NetworkFirewallErrors.INVALID_REQUEST.error("Specify the rules, either as RuleGroup or as a Suricata Rules string");
    }

    /** Checks that {@code ruleGroup} fits a rule group of {@code type}. */
    static void validate(RuleGroupType type, ObjectNode ruleGroup) {
        String source = singleSourceMember(ruleGroup.path("RulesSource"));
        requireSourceAllowed(type, source);
        if (!type.isStateful()) {
            requireAbsent(ruleGroup, "StatefulRuleOptions", "stateless");
            requireAbsent(ruleGroup, "RuleVariables", "stateless");
            requireAbsent(ruleGroup, "ReferenceSets", "stateless");
        }
        switch (source) {
            case "RulesSourceList" -> validateDomainList(ruleGroup.path("RulesSource").path("RulesSourceList"));
            case "RulesString" -> validateSuricataRules(ruleGroup.path("RulesSource").path("RulesString").asText());
            default -> { }
        }
        int references = ruleGroup.path("ReferenceSets").path("IPSetReferences").size();
        if (references > MAX_IP_SET_REFERENCES) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("ReferenceSets.IPSetReferences has " + references
                    + " entries; a rule group may reference at most " + MAX_IP_SET_REFERENCES + " IP sets");
        }
    }

    /** Capacity must be within 1..30,000 (aws-api-notes §1.5). */
    static void requireCapacityInRange(long capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("Capacity " + capacity + " is out of range: a rule group's capacity "
                    + "must be between 1 and " + MAX_CAPACITY);
        }
    }

    /** Refuses rules that need more than the rule group's fixed capacity (aws-api-notes §1.1, §1.5). */
    static void requireFits(String ruleGroupName, CapacityNeed need, int capacity) {
        if (need.units() > capacity) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("Rule group '" + ruleGroupName + "' needs " + need.units()
                    + " capacity units (" + need.explanation() + ") but its capacity is " + capacity
                    + ". Capacity is fixed when a rule group is created; remove rules or create a larger rule group.");
        }
    }

    /** The capacity the rules consume (aws-api-notes §1.5 and the model doc of CreateRuleGroupRequest.Capacity). */
    static CapacityNeed capacityNeeded(ObjectNode ruleGroup) {
        JsonNode source = ruleGroup.path("RulesSource");
        return switch (singleSourceMember(source)) {
            case "RulesSourceList" -> domainListCapacity(source.get("RulesSourceList"));
            case "RulesString" -> {
                long rules = suricataRules(source.get("RulesString").asText()).size();
                yield new CapacityNeed(rules, rules + " Suricata rules");
            }
            case "StatefulRules" -> {
                long rules = source.get("StatefulRules").size();
                yield new CapacityNeed(rules, rules + " stateful rules");
            }
            default -> statelessCapacity(source.get("StatelessRulesAndCustomActions"));
        };
    }

    /** The rule order a rule group evaluates in; absent means the default (model doc of StatefulRuleOptions). */
    static String ruleOrder(JsonNode ruleGroup) {
        return ruleGroup.path("StatefulRuleOptions").path("RuleOrder").asText(DEFAULT_RULE_ORDER);
    }

    /** The domain-list targets, or an empty list when the rule group is not a domain list. */
    static List<String> targets(JsonNode ruleGroup) {
        List<String> targets = new ArrayList<>();
        ruleGroup.path("RulesSource").path("RulesSourceList").path("Targets").forEach(t -> targets.add(t.asText()));
        return targets;
    }

    static boolean isDomainList(JsonNode ruleGroup) {
        return ruleGroup.path("RulesSource").has("RulesSourceList");
    }

    private static String singleSourceMember(JsonNode rulesSource) {
        List<String> present = SOURCE_MEMBERS.stream()
                .filter(member -> rulesSource.hasNonNull(member))
                .toList();
        if (present.size() != 1) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("RulesSource must contain exactly one of " + SOURCE_MEMBERS
                    + "; it contains " + (present.isEmpty() ? "none" : present));
        }
        return present.get(0);
    }

    private static void requireSourceAllowed(RuleGroupType type, String source) {
        boolean allowed = switch (type) {
            case STATELESS -> source.equals("StatelessRulesAndCustomActions");
            // The semantics of STATEFUL_DOMAIN groups are unverified (aws-api-notes §1.3); its name says domain lists only.
            case STATEFUL_DOMAIN -> source.equals("RulesSourceList");
            case STATEFUL -> !source.equals("StatelessRulesAndCustomActions");
        };
        if (!allowed) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("RulesSource." + source + " is not allowed in a rule group of Type "
                    + type + "; " + switch (type) {
                        case STATELESS -> "a stateless rule group takes StatelessRulesAndCustomActions";
                        case STATEFUL_DOMAIN -> "a STATEFUL_DOMAIN rule group takes RulesSourceList";
                        case STATEFUL -> "a stateful rule group takes RulesString, RulesSourceList or StatefulRules";
                    });
        }
    }

    private static void requireAbsent(ObjectNode ruleGroup, String member, String kind) {
        if (ruleGroup.hasNonNull(member)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("RuleGroup." + member + " is only valid for stateful rule groups, "
                    + "not for a " + kind + " one");
        }
    }

    private static void validateDomainList(JsonNode list) {
        JsonNode types = list.path("TargetTypes");
        if (types.isEmpty()) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("RulesSourceList.TargetTypes must name at least one of TLS_SNI, HTTP_HOST");
        }
        // A repeated type would count twice in the capacity formula; refusing it is a guess (aws-api-notes §1.5).
        Set<String> seen = new HashSet<>();
        types.forEach(type -> {
            if (!seen.add(type.asText())) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("RulesSourceList.TargetTypes lists " + type.asText() + " twice");
            }
        });
        JsonNode targets = list.path("Targets");
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).asText().isBlank()) {
                // The model gives Targets no pattern (aws-api-notes §1.3); an empty name can match nothing, so refuse it.
                throw NetworkFirewallErrors.INVALID_REQUEST.error("RulesSourceList.Targets[" + i + "] is empty; each target is a "
                        + "domain name such as example.com or .example.com");
            }
        }
    }

    private static void validateSuricataRules(String rules) {
        for (String rule : suricataRules(rules)) {
            if (rule.length() > MAX_SURICATA_RULE_CHARS) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("A Suricata rule is " + rule.length() + " characters long; the "
                        + "maximum is " + MAX_SURICATA_RULE_CHARS + ": " + rule.substring(0, 60) + "…");
            }
        }
    }

    /**
     * One rule per non-blank line; lines starting with {@code #} are comments. A stateful group needs one unit
     * per rule (model doc of CreateRuleGroupRequest.Capacity; aws-api-notes §1.5).
     */
    private static List<String> suricataRules(String rules) {
        return rules.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static CapacityNeed domainListCapacity(JsonNode list) {
        long targets = list.path("Targets").size();
        long types = list.path("TargetTypes").size();
        String kind = list.path("GeneratedRulesType").asText();
        String product = targets + " targets × " + types + " target types";
        // One rule per target per protocol; ALLOWLIST adds one drop rule per protocol (aws-api-notes §1.4, §1.5).
        // The other kinds generate no catch-all rule (§1.4 denylist example); their formula is unverified (§1.5).
        if (kind.equals("ALLOWLIST")) {
            return new CapacityNeed(targets * types + types, kind + ": " + product + " + " + types + " target types");
        }
        return new CapacityNeed(targets * types, kind + ": " + product);
    }

    private static CapacityNeed statelessCapacity(JsonNode rulesAndActions) {
        long total = 0;
        JsonNode rules = rulesAndActions.path("StatelessRules");
        for (JsonNode rule : rules) {
            total += statelessRuleCapacity(rule.path("RuleDefinition").path("MatchAttributes"));
        }
        return new CapacityNeed(total, rules.size() + " stateless rules, each the product of its match settings' sizes");
    }

    /** Model doc of CreateRuleGroupRequest.Capacity: multiply the sizes of the match settings, an empty one counting 1. */
    private static long statelessRuleCapacity(JsonNode matchAttributes) {
        long product = 1;
        for (String setting : STATELESS_MATCH_SETTINGS) {
            product *= Math.max(1, matchAttributes.path(setting).size());
        }
        return product;
    }
}
