package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.Quoting.quote;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a {@link Policy} from text that fits in a configuration file or an environment variable.
 *
 * <pre>
 * # Egress allow-list policy. One setting per line: key = value. Comment lines start with '#'.
 * default-duration = P30D
 * max-duration     = P90D
 * quorum           = 2
 * approvers        = U0123ABCD, U0456EFGH
 * approver-groups  = S0123ABCD
 * auto-approve     = .pypi.org, files.pythonhosted.org
 * deny paste-sites = .pastebin.com, .hastebin.com ; Paste sites are an exfiltration channel
 * </pre>
 *
 * <ul>
 *   <li>Durations are ISO-8601: {@code P30D} is 30 days, {@code PT12H} is 12 hours. A request longer
 *       than {@code max-duration} is refused, not shortened.</li>
 *   <li>{@code quorum} is the number of distinct approvers a request needs; the requester never counts.</li>
 *   <li>{@code approvers} (Slack user ids), {@code approver-groups} (Slack user group ids) and
 *       {@code auto-approve} (allow-list entries) take comma-separated lists and may repeat.</li>
 *   <li>Each {@code deny <rule-name>} line is one rule: comma-separated patterns, then {@code ;} and
 *       the reason shown to the requester.</li>
 *   <li>{@code default-duration}, {@code max-duration}, {@code quorum} and at least one approver or
 *       approver group are required. A comment must be on a line of its own.</li>
 * </ul>
 *
 * <p>Every error is reported, each with its line number, so a broken policy is fixed in one pass.
 */
public final class PolicyParser {

    /** The outcome of {@link #parse(String)}. */
    public sealed interface Result {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Parsed, ? extends R> parsed,
                Function<? super Invalid, ? extends R> invalid) { }

        <R> R match(Cases<R> cases);

    }

    public record Parsed(Policy policy) implements Result {
        @Override public <R> R match(Cases<R> cases) { return cases.parsed().apply(this); }
    }

    /** Each error starts with {@code line N:}, or {@code policy:} for a missing setting. */
    public record Invalid(List<String> errors) implements Result {
        @Override public <R> R match(Cases<R> cases) { return cases.invalid().apply(this); }
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    static final String DEFAULT_DURATION = "default-duration";
    static final String MAX_DURATION = "max-duration";
    static final String QUORUM = "quorum";
    static final String APPROVERS = "approvers";
    static final String APPROVER_GROUPS = "approver-groups";
    static final String AUTO_APPROVE = "auto-approve";
    static final String DENY_PREFIX = "deny ";
    private static final List<String> KEYS =
            List.of(DEFAULT_DURATION, MAX_DURATION, QUORUM, APPROVERS, APPROVER_GROUPS, AUTO_APPROVE, "deny <rule-name>");

    private PolicyParser() {
    }

    public static Result parse(String text) {
        Objects.requireNonNull(text, "text");
        Reading reading = new Reading();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            reading.line(i + 1, lines[i].strip());
        }
        return reading.finish();
    }

    /** {@code 30 days}, {@code 12 hours}, or ISO-8601 when neither fits. */
    static String formatDuration(Duration duration) {
        if (!duration.isZero() && duration.toSeconds() % Duration.ofDays(1).toSeconds() == 0) {
            return plural(duration.toDays(), "day");
        }
        if (!duration.isZero() && duration.toSeconds() % Duration.ofHours(1).toSeconds() == 0) {
            return plural(duration.toHours(), "hour");
        }
        return duration.toString();
    }

    private static String plural(long amount, String unit) {
        return amount + " " + unit + (Math.abs(amount) == 1 ? "" : "s");
    }

    /** The state of one parse; never shared. */
    private static final class Reading {
        private final List<String> errors = new ArrayList<>();
        private final Map<String, Integer> singleKeyLines = new LinkedHashMap<>();
        private final Map<String, Integer> denyRuleLines = new LinkedHashMap<>();
        private final Map<DomainName, Integer> autoApproveLines = new LinkedHashMap<>();
        private final List<DenyRule> denyRules = new ArrayList<>();
        private final Set<SlackUserId> users = new LinkedHashSet<>();
        private final Set<SlackUserGroupId> groups = new LinkedHashSet<>();
        private Duration defaultDuration;
        private Duration maxDuration;
        private Integer quorum;
        private boolean approversConfigured;

        void line(int number, String line) {
            if (line.isEmpty() || line.startsWith("#")) {
                return;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                error(number, "expected 'key = value' but found " + quote(line) + ".");
                return;
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (value.isEmpty()) {
                error(number, "'" + key + "' has no value.");
                return;
            }
            setting(number, key, value);
        }

        private void setting(int number, String key, String value) {
            if (key.startsWith(DENY_PREFIX)) {
                denyRule(number, key.substring(DENY_PREFIX.length()).strip(), value);
                return;
            }
            switch (key) {
                case DEFAULT_DURATION -> single(number, key, () -> defaultDuration = duration(number, key, value));
                case MAX_DURATION -> single(number, key, () -> maxDuration = duration(number, key, value));
                case QUORUM -> single(number, key, () -> quorum = quorum(number, value));
                case APPROVERS -> approvers(() -> users.addAll(list(number, key, value, SlackUserId::new)));
                case APPROVER_GROUPS -> approvers(() -> groups.addAll(list(number, key, value, SlackUserGroupId::new)));
                case AUTO_APPROVE -> list(number, key, value, DomainName::of)
                        .forEach(entry -> autoApproveLines.putIfAbsent(entry, number));
                default -> error(number, "unknown setting " + quote(key) + "; expected one of "
                        + String.join(", ", KEYS) + ".");
            }
        }

        private void approvers(Runnable add) {
            approversConfigured = true;
            add.run();
        }

        private void single(int number, String key, Runnable assign) {
            Integer previous = singleKeyLines.putIfAbsent(key, number);
            if (previous != null) {
                error(number, "'" + key + "' is already set on line " + previous + "; set it once.");
                return;
            }
            assign.run();
        }

        private Duration duration(int number, String key, String value) {
            try {
                Duration duration = Duration.parse(value);
                if (duration.isNegative() || duration.isZero()) {
                    error(number, "'" + key + "' must be positive, was " + quote(value) + ".");
                    return null;
                }
                return duration;
            } catch (DateTimeParseException e) {
                error(number, "'" + key + "' = " + quote(value) + " is not an ISO-8601 duration; write for "
                        + "example P30D for 30 days or PT12H for 12 hours.");
                return null;
            }
        }

        private Integer quorum(int number, String value) {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= 1) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(number, "'quorum' must be a whole number of approvers, at least 1; was " + quote(value) + ".");
            return null;
        }

        private <T> List<T> list(int number, String key, String value, Function<String, T> parser) {
            List<T> items = new ArrayList<>();
            for (String item : value.split(",", -1)) {
                if (item.isBlank()) {
                    error(number, "'" + key + "' has an empty item; separate items with single commas.");
                    continue;
                }
                try {
                    items.add(parser.apply(item.strip()));
                } catch (IllegalArgumentException e) {
                    error(number, "'" + key + "' item " + quote(item.strip()) + ": " + e.getMessage());
                }
            }
            return items;
        }

        private void denyRule(int number, String name, String value) {
            if (!DenyRule.NAME_FORMAT.matcher(name).matches()) {
                error(number, "deny rule name " + quote(name) + " must be lower-case letters, digits and "
                        + "hyphens, as in 'deny paste-sites = .pastebin.com ; reason'.");
                return;
            }
            Integer previous = denyRuleLines.putIfAbsent(name, number);
            if (previous != null) {
                error(number, "deny rule '" + name + "' is already defined on line " + previous + ".");
                return;
            }
            int semicolon = value.indexOf(';');
            String reason = semicolon < 0 ? "" : value.substring(semicolon + 1).strip();
            if (reason.isEmpty()) {
                error(number, "deny rule '" + name + "' needs a reason after ';', as in "
                        + "'deny " + name + " = .example.com ; why it is refused'.");
                return;
            }
            String key = "deny " + name;
            List<DomainPattern> patterns = list(number, key, value.substring(0, semicolon), DomainPattern::of);
            if (!patterns.isEmpty()) {
                denyRules.add(new DenyRule(name, patterns, reason));
            }
        }

        Result finish() {
            requireSetting(DEFAULT_DURATION, defaultDuration, "P30D");
            requireSetting(MAX_DURATION, maxDuration, "P90D");
            requireSetting(QUORUM, quorum, "2");
            if (!approversConfigured) {
                errors.add("policy: no approvers; add 'approvers = U0123ABCD' or 'approver-groups = S0123ABCD'.");
            }
            checkDurations();
            checkQuorumReachable();
            checkCatalogueAgainstDenyRules();
            if (!errors.isEmpty()) {
                return new Invalid(errors);
            }
            return new Parsed(new Policy(denyRules, List.copyOf(autoApproveLines.keySet()), defaultDuration,
                    maxDuration, new Approvers(users, groups), quorum));
        }

        private void requireSetting(String key, Object value, String example) {
            if (value == null && !singleKeyLines.containsKey(key)) {
                errors.add("policy: '" + key + "' is missing; add a line such as '" + key + " = " + example + "'.");
            }
        }

        private void checkDurations() {
            if (defaultDuration != null && maxDuration != null && defaultDuration.compareTo(maxDuration) > 0) {
                error(singleKeyLines.get(DEFAULT_DURATION), "'default-duration' " + formatDuration(defaultDuration)
                        + " is longer than 'max-duration' " + formatDuration(maxDuration) + " (line "
                        + singleKeyLines.get(MAX_DURATION) + ").");
            }
        }

        private void checkQuorumReachable() {
            if (quorum != null && groups.isEmpty() && !users.isEmpty() && quorum > users.size()) {
                error(singleKeyLines.get(QUORUM), "'quorum' " + quorum + " can never be reached: only "
                        + users.size() + " approver(s) are listed and no approver group.");
            }
        }

        private void checkCatalogueAgainstDenyRules() {
            autoApproveLines.forEach((entry, line) -> denyRules.forEach(rule -> rule.match(entry).ifPresent(
                    pattern -> error(line, "auto-approve entry " + entry.target() + " conflicts with deny rule '"
                            + rule.name() + "' (line " + denyRuleLines.get(rule.name()) + ", pattern "
                            + pattern.target() + "); remove one of them."))));
        }

        private void error(int line, String message) {
            errors.add("line " + line + ": " + message);
        }
    }
}
