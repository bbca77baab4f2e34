package io.egressallowlist.shared.config;

import io.egressallowlist.shared.cleanup.StaleAction;
import io.egressallowlist.shared.domain.Operators;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RuleGroupCapacity;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.ScopesParser;
import io.egressallowlist.shared.guard.FirewallPath;
import io.egressallowlist.shared.guard.PostureGuard;
import io.egressallowlist.shared.reconcile.DriftMode;
import io.egressallowlist.shared.store.TableNames;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The typed configuration of every function, read once per container from the environment (the CDK
 * stack sets it; the sandbox passes its own map) through the one definition of the variables,
 * {@link EnvKey}: what each means, who sets it, which function needs it. Every problem is reported at
 * once, by variable name. {@code given} holds the variables that were set (a default does not count),
 * so that {@link ControlPlane} can check what a particular function needs.
 */
public record ControlPlaneConfig(
        String region,
        TableNames tables,
        String eventBusName,
        String ruleGroupArn,
        String firewallName,
        Optional<RuleGroupCapacity> ruleGroupCapacity,
        Policy policy,
        Scopes scopes,
        DriftMode driftMode,
        Duration pendingTimeout,
        Duration reminderBefore,
        Duration staleAfter,
        boolean removeStale,
        List<String> studioDomainIds,
        List<String> protectedSubnetIds,
        String slackChannelId,
        URI slackApiUrl,
        SecretRef slackSigningSecret,
        SecretRef slackBotToken,
        Map<String, String> identityLinks,
        Operators operators,
        Duration blockedRetention,
        Duration digestInterval,
        List<String> studioSubnets,
        Optional<PostureGuard.Settings> networkPosture,
        Optional<URI> dynamoEndpoint,
        Optional<URI> awsEndpoint,
        Set<EnvKey> given) {

    /** Where a secret comes from: a Secrets Manager ARN (AWS) or an inline value (sandbox). */
    public record SecretRef(String secretArn, String inlineValue) {
        public boolean isInline() {
            return inlineValue != null;
        }

        @Override
        public String toString() {
            return isInline() ? "SecretRef[inline value, redacted]" : "SecretRef[" + secretArn + "]";
        }
    }

    /**
     * {@code STALE_AFTER} when unset. Each traffic type's analysis report covers the 30 days before it was made,
     * and the evidence is the span both reports cover, which is shorter than 30 days by however far apart they
     * were made; a default of 30 days would never be judged. 28 days leaves two days for that gap.
     */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofDays(28);

    /**
     * The configuration could not be read, or lacks what a function needs; the message lists every problem.
     * An {@link IllegalArgumentException}: the environment is the argument the function was started with.
     */
    public static final class ConfigException extends IllegalArgumentException {
        public ConfigException(List<String> problems) {
            super("invalid configuration: " + String.join("; ", problems));
        }
    }

    public static ControlPlaneConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static ControlPlaneConfig from(Map<String, String> env) {
        Reader reader = new Reader(env);
        List<String> subnetsFromVariables = reader.list(EnvKey.PROTECTED_SUBNET_IDS);
        Optional<String> ruleGroupArn = reader.optional(EnvKey.RULE_GROUP_ARN);
        Optional<RuleGroupCapacity> capacity = reader.ruleGroupCapacity();
        Policy policy = reader.policy();
        List<String> domainsFromVariables = reader.list(EnvKey.STUDIO_DOMAIN_IDS);
        Scopes scopes = reader.scopes(ruleGroupArn, capacity, policy, domainsFromVariables);
        // With a scopes file, its domains and subnets join the variables' (ScopeStudioNetwork); without, none do.
        Scopes declared = reader.given.contains(EnvKey.SCOPES_FILE) ? scopes : null;
        List<String> protectedSubnets = ScopeStudioNetwork.subnetIds(subnetsFromVariables, declared);
        if (!protectedSubnets.isEmpty()) { // the scopes file's subnets stand for the variable
            reader.given.add(EnvKey.PROTECTED_SUBNET_IDS);
        }
        ControlPlaneConfig config = new ControlPlaneConfig(
                reader.required(EnvKey.AWS_REGION),
                new TableNames(reader.required(EnvKey.REQUESTS_TABLE), reader.required(EnvKey.VERSIONS_TABLE),
                        reader.required(EnvKey.AUDIT_TABLE), reader.optional(EnvKey.BLOCKED_TABLE).orElse("")),
                reader.required(EnvKey.EVENT_BUS_NAME),
                ruleGroupArn.orElse(null),
                reader.optional(EnvKey.FIREWALL_NAME).orElse(null),
                capacity,
                policy,
                scopes,
                reader.enumValue(EnvKey.DRIFT_MODE, DriftMode.class, DriftMode.ENFORCE),
                reader.duration(EnvKey.PENDING_TIMEOUT, Duration.ofDays(7)),
                reader.duration(EnvKey.REMINDER_BEFORE, Duration.ofDays(3)),
                reader.duration(EnvKey.STALE_AFTER, DEFAULT_STALE_AFTER),
                reader.enumValue(EnvKey.STALE_ACTION, StaleAction.class, StaleAction.FLAG) == StaleAction.REMOVE,
                ScopeStudioNetwork.domainIds(domainsFromVariables, declared),
                protectedSubnets,
                reader.optional(EnvKey.SLACK_CHANNEL_ID).orElse(null),
                reader.uri(EnvKey.SLACK_API_URL).orElse(URI.create("https://slack.com/api/")),
                reader.secret(EnvKey.SLACK_SIGNING_SECRET_ARN),
                reader.secret(EnvKey.SLACK_BOT_TOKEN_ARN),
                reader.identityLinks(),
                reader.operators(),
                reader.duration(EnvKey.BLOCKED_RETENTION, Duration.ofDays(30)),
                reader.duration(EnvKey.DIGEST_INTERVAL, Duration.ofHours(1)),
                ScopeStudioNetwork.studioSubnets(reader.list(EnvKey.STUDIO_SUBNETS), declared),
                reader.networkPosture(protectedSubnets),
                reader.uri(EnvKey.ENDPOINT_DYNAMODB),
                reader.uri(EnvKey.ENDPOINT_AWS),
                reader.given());
        reader.failIfProblems();
        return config;
    }

    /** Collects problems instead of failing on the first one, and which variables were set. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();
        private final Set<EnvKey> given = EnumSet.noneOf(EnvKey.class);

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String required(EnvKey key) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                problems.add(key.name() + " is required");
                return "";
            }
            return value.get();
        }

        Optional<String> optional(EnvKey key) {
            String value = env.get(key.name());
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            given.add(key);
            return Optional.of(value.strip());
        }

        /**
         * The policy from the file the stack ships ({@code POLICY_FILE}) or, in the sandbox, from its text
         * ({@code POLICY}); each error names where it came from and keeps the parser's line numbers.
         */
        Policy policy() {
            Optional<String> file = optional(EnvKey.POLICY_FILE);
            Optional<String> inline = optional(EnvKey.POLICY);
            if (file.isPresent() && inline.isPresent()) {
                problems.add("set either " + EnvKey.POLICY_FILE.name() + " (the shipped file) or "
                        + EnvKey.POLICY.name() + " (sandbox), not both");
                return null;
            }
            if (file.isEmpty() && inline.isEmpty()) {
                problems.add(EnvKey.POLICY_FILE.name() + " is required (the approval policy file: approvers, quorum,"
                        + " durations; see PolicyParser), or its text in " + EnvKey.POLICY.name() + " in the sandbox");
                return null;
            }
            String source = file.map(path -> EnvKey.POLICY_FILE.name() + " " + path).orElse(EnvKey.POLICY.name());
            Optional<String> text = file.isPresent() ? readFile(file.get()) : inline.map(t -> t.replace("\\n", "\n"));
            return text.map(t -> PolicyParser.parse(t).match(new PolicyParser.Result.Cases<>(
                    PolicyParser.Parsed::policy, invalid -> {
                        invalid.errors().forEach(error -> problems.add(source + " " + error));
                        return (Policy) null;
                    }))).orElse(null);
        }

        /**
         * The scopes file's scopes ({@code SCOPES_FILE}, policy files named relative to it) or, without one, the single
         * scope {@code default} of today's variables: the same rule group, so the same version log and data.
         */
        Scopes scopes(Optional<String> ruleGroupArn, Optional<RuleGroupCapacity> capacity, Policy policy,
                      List<String> studioDomainIds) {
            Optional<String> file = optional(EnvKey.SCOPES_FILE);
            if (file.isEmpty()) {
                return policy == null ? null : Scopes.single(new Scope(ScopeName.DEFAULT, ruleGroupArn.orElse(""),
                        capacity.map(RuleGroupCapacity::capacity).orElse(0), Set.copyOf(studioDomainIds),
                        ScopeMode.ENFORCE, policy));
            }
            Path scopesFile = Path.of(file.get());
            Optional<String> text = readFile(EnvKey.SCOPES_FILE, file.get());
            try {
                // The parser reports a policy file it cannot read, with the scope and line that name it.
                return text.map(t -> ScopesParser.parse(t, name -> readQuietly(scopesFile.resolveSibling(name))))
                        .orElse(null);
            } catch (ScopesParser.InvalidScopesException e) {
                e.errors().forEach(error -> problems.add(EnvKey.SCOPES_FILE.name() + " " + file.get() + " " + error));
                return null;
            }
        }

        private Optional<String> readFile(String path) {
            return readFile(EnvKey.POLICY_FILE, path);
        }

        private static Optional<String> readQuietly(Path path) {
            try {
                return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private Optional<String> readFile(EnvKey key, String path) {
            try {
                return Optional.of(Files.readString(Path.of(path), StandardCharsets.UTF_8));
            } catch (IOException | InvalidPathException e) {
                problems.add(key.name() + " " + path + " cannot be read: " + e);
                return Optional.empty();
            }
        }

        <E extends Enum<E>> E enumValue(EnvKey key, Class<E> type, E fallback) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(key.name() + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", got "
                        + value.get());
                return fallback;
            }
        }

        Duration duration(EnvKey key, Duration fallback) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                Duration duration = Duration.parse(value.get());
                if (duration.isNegative() || duration.isZero()) {
                    problems.add(key.name() + " must be positive, got " + value.get());
                    return fallback;
                }
                return duration;
            } catch (DateTimeParseException e) {
                problems.add(key.name() + " must be an ISO-8601 duration such as P7D or PT12H, got " + value.get());
                return fallback;
            }
        }

        /** Comma-separated; set only when it names at least one entry. */
        List<String> list(EnvKey key) {
            List<String> entries = optional(key)
                    .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
            if (entries.isEmpty()) {
                given.remove(key);
            }
            return entries;
        }

        Optional<URI> uri(EnvKey key) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(value.get());
                if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                    problems.add(key.name() + " must be an http(s) URL, got " + value.get());
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (IllegalArgumentException e) {
                problems.add(key.name() + " is not a valid URL");
                return Optional.empty();
            }
        }

        /** A secret by its ARN ({@code arnKey}) or, in the sandbox, by value (its {@link EnvKey#inlineForm()}). */
        SecretRef secret(EnvKey arnKey) {
            EnvKey inlineKey = arnKey.inlineForm().orElseThrow();
            Optional<String> arn = optional(arnKey);
            Optional<String> inline = optional(inlineKey);
            if (arn.isPresent() && inline.isPresent()) {
                problems.add("set either " + arnKey.name() + " (Secrets Manager) or " + inlineKey.name()
                        + " (sandbox), not both");
            }
            if (arn.isPresent()) {
                return new SecretRef(arn.get(), null);
            }
            return inline.map(value -> new SecretRef(null, value)).orElse(null);
        }

        /** The stack's domain list inspects both target types, TLS_SNI and HTTP_HOST (NetworkSettings). */
        Optional<RuleGroupCapacity> ruleGroupCapacity() {
            Optional<String> value = optional(EnvKey.RULE_GROUP_CAPACITY);
            try {
                return value.map(capacity -> new RuleGroupCapacity(Integer.parseInt(capacity.strip()), 2));
            } catch (IllegalArgumentException e) {
                problems.add(EnvKey.RULE_GROUP_CAPACITY.name() + " must be a whole number from 1 to "
                        + RuleGroupCapacity.MAX_CAPACITY + ", got " + value.orElse(""));
                return Optional.empty();
            }
        }

        Operators operators() {
            try {
                return new Operators(list(EnvKey.OPERATOR_PRINCIPALS));
            } catch (IllegalArgumentException e) {
                problems.add(EnvKey.OPERATOR_PRINCIPALS.name() + ": " + e.getMessage());
                return Operators.none();
            }
        }

        Map<String, String> identityLinks() {
            Map<String, String> links = new LinkedHashMap<>();
            for (String pair : list(EnvKey.IDENTITY_LINKS)) {
                int eq = pair.lastIndexOf('=');
                if (eq < 1 || eq == pair.length() - 1) {
                    problems.add(EnvKey.IDENTITY_LINKS.name() + " entries look like principal=U0123ABCD, got " + pair);
                    continue;
                }
                links.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
            return Map.copyOf(links);
        }

        /**
         * What the guard checks of the VPC, when {@code VPC_ID} is set: the placement ({@code firewall-first} by
         * default, with the firewall's endpoint ids) and the endpoints left with the default policy on purpose.
         */
        Optional<PostureGuard.Settings> networkPosture(List<String> protectedSubnets) {
            Optional<String> vpcId = optional(EnvKey.VPC_ID);
            String placement = optional(EnvKey.FIREWALL_PLACEMENT).orElse("firewall-first");
            List<String> endpointIds = list(EnvKey.FIREWALL_ENDPOINT_IDS);
            List<String> defaultPolicy = list(EnvKey.DEFAULT_POLICY_ENDPOINT_SERVICES);
            if (vpcId.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new PostureGuard.Settings(vpcId.get(), protectedSubnets,
                        FirewallPath.of(placement, endpointIds), defaultPolicy.stream()
                        .map(service -> service.replace("{region}", env.getOrDefault(EnvKey.AWS_REGION.name(), "")))
                        .collect(Collectors.toSet())));
            } catch (IllegalArgumentException e) {
                problems.add(EnvKey.FIREWALL_PLACEMENT.name() + "/" + EnvKey.FIREWALL_ENDPOINT_IDS.name() + ": "
                        + e.getMessage());
                return Optional.empty();
            }
        }

        Set<EnvKey> given() {
            return Set.copyOf(given);
        }

        void failIfProblems() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
