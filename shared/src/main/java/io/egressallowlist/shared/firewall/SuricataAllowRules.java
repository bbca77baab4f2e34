package io.egressallowlist.shared.firewall;

import io.egressallowlist.shared.domain.AlertRecord;
import io.egressallowlist.shared.domain.RuleGroupForm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Suricata rules ({@code RulesString}) of a scope's rule group when it is not a domain list: the organisation-wide
 * scope's pass rules, and a team scope's rules while it learns.
 *
 * <p>Each entry gets the pass rules Network Firewall generates for an {@code ALLOWLIST} domain list
 * (aws-api-notes §1.4, "Stateful rules examples: domain list rules"): {@code dotprefix; content:".x"; endswith} for
 * a wildcard {@code .x}, {@code startswith; endswith} for an exact name, {@code nocase} on TLS (SNI is
 * case-insensitive; Suricata lowercases the HTTP Host buffer), first every entry's TLS rule, then every entry's HTTP
 * rule, sids 1..n. A learning group follows them with an {@code alert} and a {@code pass} rule for every other TLS and
 * HTTP flow of its {@code HOME_NET}; their {@code msg} starts with {@link #LEARN_PREFIX}, which tells alert-ingest
 * that a record is a would-have-been-blocked flow, not a block. That order only works under {@code STRICT_ORDER}
 * (rules in the order written, the first pass decides), which the network stack sets on every scope's group and
 * policy: under the default action order every pass rule would win over the alerts.
 *
 * <p>The network stack creates each such group with these same rules ({@code infra.network.EgressFirewall}), so that
 * firewall-sync's first describe reads a new group back as entries and a mode, not as drift.
 */
public final class SuricataAllowRules {

    /** The start of every learning rule's message, and so of the signature of its alert records. */
    public static final String LEARN_PREFIX = AlertRecord.LEARN_SIGNATURE_PREFIX;

    private static final Pattern TLS_PASS = Pattern.compile(
            "^pass tls \\$HOME_NET any -> \\$EXTERNAL_NET any \\(ssl_state:client_hello; tls\\.sni; (?:dotprefix; )?content:\"([^\"]*)\";");
    private static final String HEAD = " $HOME_NET any -> $EXTERNAL_NET any (";
    private static final String TAIL = "flow:to_server, established; sid:%d; rev:1;)";

    /**
     * The rules of an organisation-wide group with no entry: one pass rule that matches no packet (0.0.0.0 is "this
     * host", RFC 1122 §3.2.1.3, never the source of a forwarded packet), as the network stack creates the group; an
     * empty {@code RulesString} is within the model (length 0 to 2,000,000) but whether the service accepts one is
     * not documented.
     */
    static final String PASS_NOTHING = "pass ip 0.0.0.0/32 any -> 0.0.0.0/32 any (msg:\"egress-allowlist: no entries,"
            + " passes nothing\"; sid:1; rev:1;)";

    /** What {@link #read} found: the entries and whether the group learns. */
    record Read(List<String> targets, boolean learning) { }

    private SuricataAllowRules() {
    }

    /**
     * The rules for {@code targets}, with the learning rules when {@code learning}.
     *
     * @throws IllegalArgumentException when a target is not a name a rule can be written for
     */
    public static String write(List<String> targets, boolean learning) {
        targets.forEach(SuricataAllowRules::requireWritable);
        if (targets.isEmpty() && !learning) {
            return PASS_NOTHING;
        }
        List<String> rules = new ArrayList<>();
        int sid = 0;
        for (String target : targets) {
            rules.add("pass tls" + HEAD + "ssl_state:client_hello; tls.sni; " + match(target, true)
                    + "; msg:\"matching TLS allowlisted FQDNs\"; priority:1; " + String.format(TAIL, ++sid));
        }
        for (String target : targets) {
            rules.add("pass http" + HEAD + "http.host; " + match(target, false)
                    + "; msg:\"matching HTTP allowlisted FQDNs\"; priority:1; " + String.format(TAIL, ++sid));
        }
        if (learning) {
            String tls = "ssl_state:client_hello; ";
            String http = "http.header_names; content:\"|0d 0a|\"; startswith; ";
            rules.add("alert tls" + HEAD + "msg:\"" + LEARN_PREFIX + " TLS not on the allow-list\"; " + tls + String.format(TAIL, ++sid));
            rules.add("pass tls" + HEAD + "msg:\"" + LEARN_PREFIX + " TLS passed while learning\"; " + tls + String.format(TAIL, ++sid));
            rules.add("alert http" + HEAD + "msg:\"" + LEARN_PREFIX + " HTTP not on the allow-list\"; " + http + String.format(TAIL, ++sid));
            rules.add("pass http" + HEAD + "msg:\"" + LEARN_PREFIX + " HTTP passed while learning\"; " + http + String.format(TAIL, ++sid));
        }
        return String.join("\n", rules);
    }

    /**
     * The entries and mode of rules {@link #write} wrote; empty when the rules are anything else (edited by hand,
     * reordered, another form), with {@code firstDifference} given the first line that differs, for the drift report.
     * Blank lines and {@code #} comments are not rules and are skipped.
     */
    static Optional<Read> read(String rulesString, StringBuilder firstDifference) {
        List<String> lines = rulesString.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> targets = new ArrayList<>();
        boolean learning = false;
        for (String line : lines) {
            Matcher tls = TLS_PASS.matcher(line);
            if (tls.find()) {
                targets.add(tls.group(1));
            }
            learning |= line.startsWith("alert ") && line.contains("msg:\"" + LEARN_PREFIX);
        }
        if (lines.isEmpty() || lines.equals(List.of(PASS_NOTHING))) {
            return Optional.of(new Read(List.of(), false));
        }
        try {
            if (sameLines(lines, write(targets, learning), firstDifference)) {
                return Optional.of(new Read(targets, learning));
            }
        } catch (IllegalArgumentException notWritable) {
            firstDifference.append(notWritable.getMessage());
        }
        return Optional.empty();
    }

    private static boolean sameLines(List<String> lines, String expectedRules, StringBuilder firstDifference) {
        List<String> expected = expectedRules.lines().toList();
        for (int i = 0; i < Math.max(lines.size(), expected.size()); i++) {
            String actual = i < lines.size() ? lines.get(i) : "(no rule " + (i + 1) + ")";
            if (i >= expected.size() || !actual.equals(expected.get(i))) {
                firstDifference.append(actual, 0, Math.min(actual.length(), 200));
                return false;
            }
        }
        return true;
    }

    private static String match(String target, boolean tls) {
        return target.startsWith(".")
                ? "dotprefix; content:\"" + target + "\";" + (tls ? " nocase;" : "") + " endswith"
                : "content:\"" + target + "\"; startswith;" + (tls ? " nocase;" : "") + " endswith";
    }

    private static void requireWritable(String target) {
        if (!RuleGroupForm.writableAsRule(target)) {
            throw new IllegalArgumentException("cannot write a firewall rule for '" + target + "': an entry is a lowercase "
                    + "DNS name such as example.com or .example.com");
        }
    }
}
