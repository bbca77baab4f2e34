package io.egressallowlist.infra.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.egressallowlist.shared.domain.RuleGroupCapacity;

/**
 * Reads one entry of context {@value ScopeSettings#CONTEXT_KEY}; every error names the context key, the entry's
 * position and its name, and nothing is built from an entry with an error:
 * <pre>
 * { "name": "risk", "studioDomain": "create", "subnetCidrs": ["10.20.32.0/22", "10.20.96.0/22"],
 *   "capacity": 2000, "policyFile": "risk.policy", "mode": "learn" }
 * { "name": "global", "capacity": 1000, "policyFile": "global.policy" }
 * </pre>
 */
final class ScopeEntry {

    static final Set<String> KEYS = Set.of("name", "studioDomain", "subnetCidrs", "capacity", "policyFile", "mode");

    private ScopeEntry() {
    }

    static ScopeSettings.Scope parse(int position, Map<String, Object> entry, Function<String, String> readFile) {
        String name = text(entry.get("name"));
        String where = "Context '" + ScopeSettings.CONTEXT_KEY + "', entry " + position
                + (name == null ? "" : " (\"" + name + "\")") + ": ";
        try {
            return scope(name, entry, readFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage() + ".", e);
        }
    }

    private static ScopeSettings.Scope scope(String name, Map<String, Object> entry, Function<String, String> readFile) {
        Set<String> unknown = new TreeSet<>(entry.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown keys " + unknown + "; an entry takes " + new TreeSet<>(KEYS));
        }
        ScopeSettings.nameProblem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        boolean global = name.equals(ScopeSettings.GLOBAL);
        Optional<String> studioDomain = Optional.ofNullable(text(entry.get("studioDomain")));
        List<String> subnets = list(entry.get("subnetCidrs"));
        if (global && (studioDomain.isPresent() || !subnets.isEmpty())) {
            throw new IllegalArgumentException("'" + ScopeSettings.GLOBAL + "' applies to every SageMaker subnet of"
                    + " every scope: it takes no studioDomain and no subnetCidrs");
        }
        if (!global) {
            requireStudioDomain(studioDomain);
            if (subnets.isEmpty()) {
                throw new IllegalArgumentException("subnetCidrs is missing: a team scope has its own SageMaker subnet"
                        + " in each zone, e.g. [\"10.20.32.0/22\", \"10.20.96.0/22\"]");
            }
        }
        int capacity = capacity(entry.get("capacity"));
        String policyFile = text(entry.get("policyFile"));
        if (policyFile == null) {
            throw new IllegalArgumentException("policyFile is missing: each scope has its own approvers and rules");
        }
        String policyText = readFile.apply(policyFile);
        String policyProblem = ScopeSettings.policyProblem(policyText);
        if (policyProblem != null) {
            throw new IllegalArgumentException("the policy " + policyFile + " is invalid: " + policyProblem);
        }
        boolean learning = ScopeSettings.learning(Optional.ofNullable(text(entry.get("mode"))).orElse("enforce"));
        if (global && learning) {
            throw new IllegalArgumentException("'" + ScopeSettings.GLOBAL + "' only passes what it lists: it has no"
                    + " learning mode");
        }
        return new ScopeSettings.Scope(name, studioDomain, subnets, capacity, policyFile, policyText, learning);
    }

    private static void requireStudioDomain(Optional<String> studioDomain) {
        if (studioDomain.isEmpty()) {
            throw new IllegalArgumentException("studioDomain is missing: \"create\", or the id (d-…) of an existing"
                    + " domain whose apps run in this scope's subnets");
        }
        String domain = studioDomain.get();
        if (!domain.equals(ScopeSettings.CREATE) && !ScopeSettings.DOMAIN_ID.matcher(domain).matches()) {
            throw new IllegalArgumentException("studioDomain must be \"create\" or a SageMaker domain id such as"
                    + " d-abcdef123456, was '" + domain + "'");
        }
    }

    private static int capacity(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("capacity is missing: a rule group's capacity is fixed when it is"
                    + " created, so it is chosen, not defaulted");
        }
        int capacity;
        try {
            capacity = value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("capacity must be a whole number, was '" + value + "'", e);
        }
        if (capacity < 1 || capacity > RuleGroupCapacity.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1 to " + RuleGroupCapacity.MAX_CAPACITY
                    + " (a stateful rule group's maximum, not adjustable), was " + capacity);
        }
        return capacity;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException("subnetCidrs must be a JSON list of CIDRs, was '" + value + "'");
        }
        return items.stream().map(String::valueOf).map(String::strip).toList();
    }
}
