package io.egressallowlist.shared.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the scopes file: one block per scope, each starting with a line {@code scope <name>}, followed by
 * {@code key = value} settings like the policy file's ({@link PolicyParser}).
 *
 * <pre>
 * # Scopes: one block per scope, starting with "scope &lt;name&gt;". Comment lines start with '#'.
 * scope global
 * rule-group     = arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/egress-global
 * capacity       = 4000
 * policy         = global.policy
 *
 * scope risk
 * rule-group     = arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/egress-risk
 * capacity       = 2000
 * studio-domains = d-risk12345678
 * mode           = learn
 * policy         = risk.policy
 * </pre>
 *
 * <ul>
 *   <li>{@code rule-group} and {@code policy} are required; {@code policy} names a policy file, which
 *       {@code policyText} reads (the stack ships them together).</li>
 *   <li>{@code capacity} is the rule group's capacity (required for the capacity warnings; 0 = unknown).</li>
 *   <li>{@code studio-subnets} is a comma-separated list of the scope's SageMaker subnet ids ({@code subnet-…}):
 *       the stack writes it, so that the functions learn them from this file rather than from variables.</li>
 *   <li>{@code studio-domains} is a comma-separated list; {@code mode} is {@code enforce} (default) or
 *       {@code learn}, the mode before the scope's first version.</li>
 * </ul>
 *
 * <p>Every error is reported with its line number (a policy file's errors with the scope and file), so a broken
 * file is fixed in one pass.
 */
public final class ScopesParser {

    private static final Set<String> KEYS = Set.of("rule-group", "capacity", "studio-domains", "studio-subnets", "mode",
            "policy");
    private static final java.util.regex.Pattern SUBNET_ID = java.util.regex.Pattern.compile("subnet-[0-9a-f]{1,32}");

    private ScopesParser() {
    }

    /** The file could not be read as scopes; each error says where. */
    public static final class InvalidScopesException extends IllegalArgumentException {
        private final List<String> errors;

        public InvalidScopesException(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    /**
     * The scopes in {@code text}; {@code policyText} reads a policy file by the name the file gives (empty when it
     * cannot be read).
     *
     * @throws InvalidScopesException listing every problem
     */
    public static Scopes parse(String text, Function<String, Optional<String>> policyText) {
        List<String> errors = new ArrayList<>();
        List<Block> blocks = blocks(text, errors);
        List<Scope> scopes = new ArrayList<>();
        for (Block block : blocks) {
            block.toScope(policyText, errors).ifPresent(scopes::add);
        }
        if (blocks.isEmpty() && errors.isEmpty()) {
            errors.add("scopes: no scope is declared; start a block with a line such as 'scope risk'");
        }
        if (!errors.isEmpty()) {
            throw new InvalidScopesException(errors);
        }
        try {
            return Scopes.of(scopes);
        } catch (IllegalArgumentException e) {
            throw new InvalidScopesException(List.of("scopes: " + e.getMessage()));
        }
    }

    private static List<Block> blocks(String text, List<String> errors) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("scope ") || line.equals("scope")) {
                String name = line.substring("scope".length()).strip();
                try {
                    blocks.add(new Block(ScopeName.of(name), number));
                } catch (IllegalArgumentException e) {
                    errors.add("line " + number + ": " + e.getMessage());
                    blocks.add(new Block(null, number));
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                errors.add("line " + number + ": expected 'scope <name>' or 'key = value', got "
                        + Quoting.quote(line));
            } else if (blocks.isEmpty()) {
                errors.add("line " + number + ": a setting before the first 'scope <name>' line");
            } else {
                blocks.get(blocks.size() - 1).set(line.substring(0, eq).strip(), line.substring(eq + 1).strip(),
                        number, errors);
            }
        }
        return blocks;
    }

    /** The settings of one block, by key, with the line each came from. */
    private static final class Block {
        private final ScopeName name;
        private final int line;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, Integer> lines = new LinkedHashMap<>();

        Block(ScopeName name, int line) {
            this.name = name;
            this.line = line;
        }

        void set(String key, String value, int number, List<String> errors) {
            if (!KEYS.contains(key)) {
                errors.add("line " + number + ": unknown setting " + Quoting.quote(key) + "; the settings are "
                        + KEYS.stream().sorted().toList());
            } else if (values.putIfAbsent(key, value) != null) {
                errors.add("line " + number + ": " + key + " is set twice in scope " + name);
            } else {
                lines.put(key, number);
            }
        }

        Optional<Scope> toScope(Function<String, Optional<String>> policyText, List<String> errors) {
            if (name == null) {
                return Optional.empty();
            }
            int before = errors.size();
            String ruleGroup = required("rule-group", errors);
            String policyFile = required("policy", errors);
            int capacity = capacity(errors);
            ScopeMode mode = ScopeMode.ENFORCE;
            try {
                mode = values.containsKey("mode") ? ScopeMode.parse(values.get("mode")) : ScopeMode.ENFORCE;
            } catch (IllegalArgumentException e) {
                errors.add("line " + lines.get("mode") + ": " + e.getMessage());
            }
            Set<String> domains = list("studio-domains");
            Set<String> subnets = list("studio-subnets");
            List<String> malformed = subnets.stream().filter(s -> !SUBNET_ID.matcher(s).matches()).toList();
            if (!malformed.isEmpty()) {
                errors.add("line " + lines.get("studio-subnets") + ": studio-subnets are subnet ids such as"
                        + " subnet-0abc123, got " + malformed.stream().map(Quoting::quote).toList());
            }
            Policy policy = policyFile == null ? null : policy(policyFile, policyText, errors);
            if (errors.size() > before) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Scope(name, ruleGroup, capacity, domains, mode, policy, subnets));
            } catch (IllegalArgumentException e) {
                errors.add("line " + line + ": " + e.getMessage());
                return Optional.empty();
            }
        }

        private Set<String> list(String key) {
            return values.containsKey(key)
                    ? java.util.Arrays.stream(values.get(key).split(",")).map(String::strip)
                            .filter(d -> !d.isEmpty()).collect(Collectors.toCollection(java.util.TreeSet::new))
                    : Set.of();
        }

        private String required(String key, List<String> errors) {
            String value = values.get(key);
            if (value == null || value.isEmpty()) {
                errors.add("line " + line + ": scope " + name + " has no " + key + "; add a line '" + key + " = …'");
                return null;
            }
            return value;
        }

        private int capacity(List<String> errors) {
            String value = values.get("capacity");
            if (value == null) {
                return 0;
            }
            try {
                int capacity = Integer.parseInt(value);
                new RuleGroupCapacity(capacity, 2);
                return capacity;
            } catch (IllegalArgumentException e) {
                errors.add("line " + lines.get("capacity") + ": capacity must be a whole number from 1 to "
                        + RuleGroupCapacity.MAX_CAPACITY + ", got " + Quoting.quote(value));
                return 0;
            }
        }

        private Policy policy(String file, Function<String, Optional<String>> policyText, List<String> errors) {
            Optional<String> text = policyText.apply(file);
            if (text.isEmpty()) {
                errors.add("line " + lines.get("policy") + ": the policy file " + Quoting.quote(file) + " of scope "
                        + name + " cannot be read");
                return null;
            }
            return PolicyParser.parse(text.get()).match(new PolicyParser.Result.Cases<>(PolicyParser.Parsed::policy,
                    invalid -> {
                        invalid.errors().forEach(error -> errors.add("scope " + name + " policy " + file + " " + error));
                        return null;
                    }));
        }
    }
}
