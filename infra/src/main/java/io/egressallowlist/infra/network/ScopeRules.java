package io.egressallowlist.infra.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The Suricata rules a scope's group is created with when it is not a domain list: {@code global}'s pass rules, and a
 * team scope's learning form. The pass rules match as Network Firewall's generated ALLOWLIST pass rules do
 * (aws-api-notes §1.4): an entry {@code .x} is {@code dotprefix; content:".x"; endswith} (x and every subdomain), any
 * other entry {@code startswith; endswith} (exactly it); TLS compares the SNI case-insensitively ({@code nocase}),
 * HTTP the Host header, which Suricata lowercases. One rule is one capacity unit.
 *
 * <p>Only the creation uses these: afterwards the rules are firewall-sync's ({@code allowlist_rule_group.py}).
 */
final class ScopeRules {

    /** The message prefix of a learning scope's alerts, by which alert-ingest tells them from blocks. */
    static final String LEARN_PREFIX = "egress-allowlist learn:";
    /**
     * The rules of a {@code global} group with no entry. The model allows an empty {@code RulesString} (length 0 to
     * 2,000,000) but a group needs a capacity of at least 1, and a group of nothing but comments holds no rule; so it
     * holds one pass rule that matches no packet: 0.0.0.0 is "this host" (RFC 1122 §3.2.1.3), never the source or
     * destination of a forwarded packet, and the rule is not written for {@code $HOME_NET}.
     */
    static final String PASS_NOTHING = "pass ip 0.0.0.0/32 any -> 0.0.0.0/32 any (msg:\"egress-allowlist: no entries,"
            + " passes nothing\"; sid:1; rev:1;)";

    private ScopeRules() {
    }

    /** {@code global}: a pass rule per entry and protocol, nothing else; what they do not pass falls to the team's group. */
    static String passOnly(List<String> targets) {
        if (targets.isEmpty()) {
            return PASS_NOTHING;
        }
        return String.join("\n", passRules(targets));
    }

    /**
     * A team scope in learning mode: its entries pass; every other TLS and HTTP flow of its {@code HOME_NET} is
     * alerted on (the message starts with {@value #LEARN_PREFIX}) and passed, where the domain list would drop it.
     * Under strict order an alert rule does not end the evaluation; the pass rule after it does.
     */
    static String learning(List<String> targets) {
        List<String> rules = new ArrayList<>(passRules(targets));
        int sid = rules.size();
        rules.add("alert tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"" + LEARN_PREFIX + " TLS not on the list\";"
                + " ssl_state:client_hello; flow:to_server, established; sid:" + (++sid) + "; rev:1;)");
        rules.add("pass tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"" + LEARN_PREFIX + " TLS passed while learning\";"
                + " ssl_state:client_hello; flow:to_server, established; sid:" + (++sid) + "; rev:1;)");
        rules.add("alert http $HOME_NET any -> $EXTERNAL_NET any (http.header_names; content:\"|0d 0a|\"; startswith;"
                + " msg:\"" + LEARN_PREFIX + " HTTP not on the list\"; flow:to_server, established; sid:" + (++sid)
                + "; rev:1;)");
        rules.add("pass http $HOME_NET any -> $EXTERNAL_NET any (http.header_names; content:\"|0d 0a|\"; startswith;"
                + " msg:\"" + LEARN_PREFIX + " HTTP passed while learning\"; flow:to_server, established; sid:" + (++sid)
                + "; rev:1;)");
        return String.join("\n", rules);
    }

    private static List<String> passRules(List<String> targets) {
        List<String> rules = new ArrayList<>();
        int sid = 0;
        for (String target : targets) {
            String match = target.startsWith(".") ? "dotprefix; content:\"" + target + "\";"
                    : "content:\"" + target + "\"; startswith;";
            rules.add("pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; " + match
                    + " nocase; endswith; msg:\"matching TLS allowlisted FQDNs\"; flow:to_server, established; sid:"
                    + (++sid) + "; rev:1;)");
            rules.add("pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; " + match
                    + " endswith; msg:\"matching HTTP allowlisted FQDNs\"; flow:to_server, established; sid:"
                    + (++sid) + "; rev:1;)");
        }
        return rules;
    }
}
