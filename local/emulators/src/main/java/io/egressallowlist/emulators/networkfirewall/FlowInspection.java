package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How the firewall's stateful engine treats one {@link Flow}, from the LIVE rule groups its policy references
 * (aws-api-notes §1.4): each group inspects only sources in its {@code HOME_NET}. A domain-list group inspects only
 * the protocols of its target types; {@code .example.com} matches the domain and its subdomains, {@code example.com}
 * only itself; an ALLOWLIST passes what matches and drops the rest of its protocols with its own drop rule; a
 * DENYLIST drops, a REJECTLIST rejects, an ALERTLIST only alerts, what matches. A group of Suricata rules
 * ({@code RulesString}) applies the rules of the forms {@link SuricataRule} reads, in the order written: an
 * {@code alert} rule logs and lets evaluation go on, the first {@code pass}, {@code drop} or {@code reject} decides.
 * Under {@code STRICT_ORDER} the groups are evaluated by their policy priority and the first pass or drop decides
 * (later groups never see the flow), then the policy's stateful default actions apply to what no rule decided;
 * under the default action order a pass anywhere wins over any drop. Other stateful groups ({@code StatefulRules})
 * have no say here.
 */
record FlowInspection(NetworkFirewallState state, StoredFirewallPolicy policy) {

    static final String STRICT_ORDER = "STRICT_ORDER";

    /** The matches in evaluation order: every alert-only hit, then the hit that decided, if any. */
    List<RuleHit> inspect(Flow flow) {
        List<RuleHit> hits = new ArrayList<>();
        boolean strict = strictOrder();
        for (StoredRuleGroup group : groupsInOrder()) {
            hits.addAll(groupHits(group, flow));
            if (strict && hits.stream().anyMatch(hit -> hit.action().decides())) {
                break;
            }
        }
        List<RuleHit> alerts = hits.stream().filter(hit -> !hit.action().decides()).toList();
        Optional<RuleHit> decision = strict ? hits.stream().filter(hit -> hit.action().decides()).findFirst()
                : hits.stream().filter(hit -> hit.action().decides())
                        .min(Comparator.comparingInt(hit -> hit.action().ordinal()));
        List<RuleHit> result = new ArrayList<>(alerts);
        decision.ifPresentOrElse(result::add, () -> result.addAll(defaultActions()));
        return result;
    }

    /** The group's hits in rule order, up to the first that decides. */
    private List<RuleHit> groupHits(StoredRuleGroup group, Flow flow) {
        if (RuleGroupRules.isDomainList(group.ruleGroup())) {
            return domainListHit(group, flow).map(List::of).orElse(List.of());
        }
        List<RuleHit> hits = new ArrayList<>();
        String rules = group.ruleGroup().path("RulesSource").path("RulesString").asText("");
        for (String line : rules.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            Optional<SuricataRule> rule = SuricataRule.parse(line).filter(r -> r.matches(flow, a -> inHomeNet(group, a)));
            if (rule.isPresent()) {
                hits.add(rule.get().hit(group.name()));
                if (rule.get().action().decides()) {
                    break;
                }
            }
        }
        return hits;
    }

    private boolean strictOrder() {
        return policy.policy().path("StatefulEngineOptions").path("RuleOrder").asText("").equals(STRICT_ORDER);
    }

    /** The referenced stateful groups that exist, by priority under strict order, else in policy order. */
    private List<StoredRuleGroup> groupsInOrder() {
        List<JsonNode> references = new ArrayList<>();
        policy.policy().path("StatefulRuleGroupReferences").forEach(references::add);
        if (strictOrder()) {
            references.sort(Comparator.comparingInt(ref -> ref.path("Priority").asInt(Integer.MAX_VALUE)));
        }
        return references.stream()
                .map(ref -> state.ruleGroup(ref.path("ResourceArn").asText()))
                .flatMap(Optional::stream)
                .filter(group -> RuleGroupRules.isDomainList(group.ruleGroup())
                        || group.ruleGroup().path("RulesSource").has("RulesString"))
                .toList();
    }

    private Optional<RuleHit> domainListHit(StoredRuleGroup group, Flow flow) {
        JsonNode list = group.ruleGroup().path("RulesSource").path("RulesSourceList");
        List<String> types = new ArrayList<>();
        list.path("TargetTypes").forEach(type -> types.add(type.asText()));
        int typeIndex = types.indexOf(flow.protocol().targetType());
        if (typeIndex < 0 || !inHomeNet(group, flow.sourceValue())) {
            return Optional.empty();
        }
        List<String> targets = RuleGroupRules.targets(group.ruleGroup());
        String name = flow.inspectedName();
        int matched = -1;
        for (int i = 0; i < targets.size() && matched < 0; i++) {
            matched = DomainTargets.matches(targets.get(i), name, flow.protocol()) ? i : -1;
        }
        return generatedRule(group.name(), list.path("GeneratedRulesType").asText(), flow.protocol(), typeIndex,
                targets.size(), matched);
    }

    /**
     * The generated rule that fires (aws-api-notes §1.4, the developer guide's generated Suricata rules): one pass
     * rule per target and a closing drop rule for an ALLOWLIST, one rule per target otherwise, numbered in target
     * order. With two target types the numbering continues into the second type's rules: that is the emulator's
     * reading, not documented. Generated rules carry {@code priority:1}, so their alerts have severity 1.
     */
    private static Optional<RuleHit> generatedRule(String group, String kind, Flow.Protocol protocol, int typeIndex,
                                                   int targets, int matched) {
        String type = protocol == Flow.Protocol.TLS ? "TLS" : "HTTP";
        int base = typeIndex * (targets + (kind.equals("ALLOWLIST") ? 1 : 0));
        if (kind.equals("ALLOWLIST")) {
            return Optional.of(matched >= 0
                    ? RuleHit.rule(RuleHit.Action.PASS, group, base + matched + 1, "matching " + type + " allowlisted FQDNs")
                    : RuleHit.rule(RuleHit.Action.DROP, group, base + targets + 1,
                            "not matching any " + type + " allowlisted FQDNs"));
        }
        if (matched < 0) {
            return Optional.empty();
        }
        return switch (kind) {
            case "DENYLIST" -> Optional.of(RuleHit.rule(RuleHit.Action.DROP, group, base + matched + 1,
                    "matching " + type + " denylisted FQDNs"));
            case "REJECTLIST" -> Optional.of(RuleHit.rule(RuleHit.Action.REJECT, group, base + matched + 1,
                    "matching " + type + " rejectlisted FQDNs"));
            case "ALERTLIST" -> Optional.of(RuleHit.rule(RuleHit.Action.ALERT, group, base + matched + 1,
                    "matching " + type + " alertlisted FQDNs"));
            default -> Optional.empty();
        };
    }

    /**
     * A domain list's rules (and ours) are written {@code $HOME_NET any -> $EXTERNAL_NET any}: a source outside the group's
     * {@code HOME_NET} (or the policy's, when the group sets none) matches none of them. Where neither sets it,
     * {@code HOME_NET} is the firewall VPC's CIDR, which the emulator does not know: it then inspects every source.
     */
    private boolean inHomeNet(StoredRuleGroup group, long source) {
        JsonNode definition = group.ruleGroup().path("RuleVariables").path("IPSets").path("HOME_NET").path("Definition");
        if (definition.isMissingNode()) {
            definition = policy.policy().path("PolicyVariables").path("RuleVariables").path("HOME_NET").path("Definition");
        }
        if (definition.isMissingNode() || definition.isEmpty()) {
            return true;
        }
        for (JsonNode cidr : definition) {
            if (DomainTargets.inCidr(source, cidr.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What no rule decided meets the policy's stateful default actions (strict order only): a drop action blocks
     * it, and an alert action writes one alert record for it — "blocked" when it was also dropped. The text and
     * signature id of a default action's alert are not documented; the emulator writes the action's name. Under
     * the default action order nothing is dropped by default.
     */
    private List<RuleHit> defaultActions() {
        List<String> actions = new ArrayList<>();
        policy.policy().path("StatefulDefaultActions").forEach(action -> actions.add(action.asText()));
        Optional<String> drop = actions.stream().filter(a -> a.equals("aws:drop_established") || a.equals("aws:drop_strict"))
                .findFirst();
        Optional<String> alert = actions.stream().filter(a -> a.startsWith("aws:alert_")).findFirst();
        if (!strictOrder()) {
            return List.of(new RuleHit(RuleHit.Action.PASS, "no rule", 0, "no rule matched", 3, false));
        }
        String source = "default action " + drop.orElse("pass") + alert.map(a -> " + " + a).orElse("");
        return List.of(new RuleHit(drop.isPresent() ? RuleHit.Action.DROP : RuleHit.Action.ALERT, source, 2,
                alert.map(a -> a + " action").orElse(drop.orElse("no rule matched")), 3, alert.isPresent()));
    }
}
