package io.egressallowlist.infra.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The Suricata rules a scope's group is created with when it is not a domain list: {@code global}'s pass rules, and a
 * team scope's learning form. Written exactly as firewall-sync writes them ({@code SuricataAllowRules} of the
 * firewall adapter: first each entry's TLS pass rule, then each entry's HTTP pass rule, sids 1..n, then while
 * learning an {@code alert} and a {@code pass} rule per protocol), so that its first describe reads the group back as
 * entries and a mode rather than as drift. The pass rules match as Network Firewall's generated ALLOWLIST pass rules
 * do (aws-api-notes §1.4); one rule is one capacity unit.
 *
 * <p>Only the creation uses these: afterwards the rules are firewall-sync's ({@code allowlist_rule_group.py}).
 */
final class ScopeRules {

    /** The message prefix of a learning scope's alerts, by which alert-ingest tells them from blocks. */
    static final String LEARN_PREFIX = "egress-allowlist learn:";
    private static final String HEAD = " $HOME_NET any -> $EXTERNAL_NET any (";
    private static final String TAIL = "flow:to_server, established; sid:%d; rev:1;)";

    private ScopeRules() {
    }

    /**
     * {@code global}: a pass rule per entry and protocol, nothing else; what they do not pass falls to the team's group.
     * With no entry the text is empty, which holds no rule and passes nothing: the model allows a {@code RulesString}
     * of 0 to 2,000,000 characters (network-firewall-2020-11-12.json, shape RulesString), and it is what firewall-sync
     * writes for an empty list. (Comments alone would be no rule either; an always-false rule would be content
     * firewall-sync does not read back.)
     */
    static String passOnly(List<String> targets) {
        return write(targets, false);
    }

    /**
     * A team scope in learning mode: its entries pass; every other TLS and HTTP flow of its {@code HOME_NET} is
     * alerted on (the message starts with {@value #LEARN_PREFIX}) and passed, where the domain list would drop it.
     * Under strict order an alert rule does not end the evaluation; the pass rule after it does.
     */
    static String learning(List<String> targets) {
        return write(targets, true);
    }

    private static String write(List<String> targets, boolean learning) {
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
            rules.add("alert tls" + HEAD + "msg:\"" + LEARN_PREFIX + " TLS not on the allow-list\"; " + tls
                    + String.format(TAIL, ++sid));
            rules.add("pass tls" + HEAD + "msg:\"" + LEARN_PREFIX + " TLS passed while learning\"; " + tls
                    + String.format(TAIL, ++sid));
            rules.add("alert http" + HEAD + "msg:\"" + LEARN_PREFIX + " HTTP not on the allow-list\"; " + http
                    + String.format(TAIL, ++sid));
            rules.add("pass http" + HEAD + "msg:\"" + LEARN_PREFIX + " HTTP passed while learning\"; " + http
                    + String.format(TAIL, ++sid));
        }
        return String.join("\n", rules);
    }

    /** {@code .x}: x and every subdomain; anything else exactly; TLS compares case-insensitively (§1.4). */
    private static String match(String target, boolean tls) {
        return target.startsWith(".")
                ? "dotprefix; content:\"" + target + "\";" + (tls ? " nocase;" : "") + " endswith"
                : "content:\"" + target + "\"; startswith;" + (tls ? " nocase;" : "") + " endswith";
    }
}
