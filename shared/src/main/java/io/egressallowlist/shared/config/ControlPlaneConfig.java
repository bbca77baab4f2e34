package io.egressallowlist.shared.config;

import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.reconcile.DriftMode;
import io.egressallowlist.shared.store.TableNames;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed configuration of every function, read once per container from the environment (the CDK
 * stack sets it; the sandbox passes its own map). Every problem is reported at once, by variable name.
 *
 * <table>
 *   <tr><td>{@code AWS_REGION}</td><td>required (set by Lambda)</td></tr>
 *   <tr><td>{@code REQUESTS_TABLE}, {@code VERSIONS_TABLE}, {@code AUDIT_TABLE}</td><td>required</td></tr>
 *   <tr><td>{@code EVENT_BUS_NAME}</td><td>required</td></tr>
 *   <tr><td>{@code RULE_GROUP_ARN}</td><td>required by firewall-sync; the version log is named after it</td></tr>
 *   <tr><td>{@code FIREWALL_NAME}</td><td>the firewall whose analysis reports stale-cleanup reads</td></tr>
 *   <tr><td>{@code POLICY}</td><td>the approval policy text ({@link PolicyParser})</td></tr>
 *   <tr><td>{@code DRIFT_MODE}</td><td>{@code ENFORCE} (default) or {@code ADOPT}</td></tr>
 *   <tr><td>{@code PENDING_TIMEOUT}, {@code REMINDER_BEFORE}, {@code STALE_AFTER}</td><td>ISO-8601 durations (P7D, P3D, P30D)</td></tr>
 *   <tr><td>{@code STALE_ACTION}</td><td>{@code FLAG} (default) or {@code REMOVE}</td></tr>
 *   <tr><td>{@code STUDIO_DOMAIN_IDS}, {@code PROTECTED_SUBNET_IDS}</td><td>comma-separated</td></tr>
 *   <tr><td>{@code SLACK_CHANNEL_ID}, {@code SLACK_API_URL}</td><td>where approvals are posted; the Web API base URL</td></tr>
 *   <tr><td>{@code SLACK_SIGNING_SECRET_ARN}, {@code SLACK_BOT_TOKEN_SECRET_ARN}</td><td>Secrets Manager secrets (AWS)</td></tr>
 *   <tr><td>{@code SLACK_SIGNING_SECRET}, {@code SLACK_BOT_TOKEN}</td><td>the values themselves — sandbox only, refused when
 *       the ARNs are also set</td></tr>
 *   <tr><td>{@code IDENTITY_LINKS}</td><td>{@code principal-or-profile=SlackUserId, …}: who is who in Slack</td></tr>
 *   <tr><td>{@code ENDPOINT_DYNAMODB}, {@code ENDPOINT_AWS}</td><td>endpoint overrides (sandbox only)</td></tr>
 * </table>
 */
public record ControlPlaneConfig(
        String region,
        TableNames tables,
        String eventBusName,
        String ruleGroupArn,
        String firewallName,
        Policy policy,
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
        Optional<URI> dynamoEndpoint,
        Optional<URI> awsEndpoint) {

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

    /** The configuration could not be read; the message lists every problem. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(List<String> problems) {
            super("invalid configuration: " + String.join("; ", problems));
        }
    }

    public static ControlPlaneConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static ControlPlaneConfig from(Map<String, String> env) {
        Reader reader = new Reader(env);
        ControlPlaneConfig config = new ControlPlaneConfig(
                reader.required("AWS_REGION"),
                new TableNames(reader.required("REQUESTS_TABLE"), reader.required("VERSIONS_TABLE"),
                        reader.required("AUDIT_TABLE")),
                reader.required("EVENT_BUS_NAME"),
                reader.optional("RULE_GROUP_ARN").orElse(null),
                reader.optional("FIREWALL_NAME").orElse(null),
                reader.policy(),
                reader.enumValue("DRIFT_MODE", DriftMode.class, DriftMode.ENFORCE),
                reader.duration("PENDING_TIMEOUT", Duration.ofDays(7)),
                reader.duration("REMINDER_BEFORE", Duration.ofDays(3)),
                reader.duration("STALE_AFTER", Duration.ofDays(30)),
                reader.staleAction(),
                reader.list("STUDIO_DOMAIN_IDS"),
                reader.list("PROTECTED_SUBNET_IDS"),
                reader.optional("SLACK_CHANNEL_ID").orElse(null),
                reader.uri("SLACK_API_URL").orElse(URI.create("https://slack.com/api/")),
                reader.secret("SLACK_SIGNING_SECRET"),
                reader.secret("SLACK_BOT_TOKEN"),
                reader.identityLinks(),
                reader.uri("ENDPOINT_DYNAMODB"),
                reader.uri("ENDPOINT_AWS"));
        reader.failIfProblems();
        return config;
    }

    /** Collects problems instead of failing on the first one. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String required(String name) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                problems.add(name + " is required");
                return "";
            }
            return value.strip();
        }

        Optional<String> optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        Policy policy() {
            Optional<String> text = optional("POLICY");
            if (text.isEmpty()) {
                problems.add("POLICY is required (approvers, quorum, durations; see PolicyParser)");
                return null;
            }
            return PolicyParser.parse(text.get().replace("\\n", "\n")).match(PolicyParser.Parsed::policy, invalid -> {
                invalid.errors().forEach(error -> problems.add("POLICY " + error));
                return null;
            });
        }

        <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.get().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(name + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", got " + value.get());
                return fallback;
            }
        }

        boolean staleAction() {
            String value = optional("STALE_ACTION").orElse("FLAG").toUpperCase(java.util.Locale.ROOT);
            if (!value.equals("FLAG") && !value.equals("REMOVE")) {
                problems.add("STALE_ACTION must be FLAG or REMOVE, got " + value);
            }
            return value.equals("REMOVE");
        }

        Duration duration(String name, Duration fallback) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                Duration duration = Duration.parse(value.get());
                if (duration.isNegative() || duration.isZero()) {
                    problems.add(name + " must be positive, got " + value.get());
                    return fallback;
                }
                return duration;
            } catch (DateTimeParseException e) {
                problems.add(name + " must be an ISO-8601 duration such as P7D or PT12H, got " + value.get());
                return fallback;
            }
        }

        List<String> list(String name) {
            return optional(name).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
        }

        Optional<URI> uri(String name) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(value.get());
                if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                    problems.add(name + " must be an http(s) URL, got " + value.get());
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (IllegalArgumentException e) {
                problems.add(name + " is not a valid URL");
                return Optional.empty();
            }
        }

        SecretRef secret(String name) {
            Optional<String> arn = optional(name + "_ARN");
            Optional<String> inline = optional(name);
            if (arn.isPresent() && inline.isPresent()) {
                problems.add("set either " + name + "_ARN (Secrets Manager) or " + name + " (sandbox), not both");
            }
            if (arn.isPresent()) {
                return new SecretRef(arn.get(), null);
            }
            return inline.map(value -> new SecretRef(null, value)).orElse(null);
        }

        Map<String, String> identityLinks() {
            Map<String, String> links = new LinkedHashMap<>();
            for (String pair : list("IDENTITY_LINKS")) {
                int eq = pair.lastIndexOf('=');
                if (eq < 1 || eq == pair.length() - 1) {
                    problems.add("IDENTITY_LINKS entries look like principal=U0123ABCD, got " + pair);
                    continue;
                }
                links.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
            return Map.copyOf(links);
        }

        void failIfProblems() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
