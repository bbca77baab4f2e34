package io.egressallowlist.emulators.networkfirewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * One rule of a stateful {@code RulesString}, as far as the emulator decides flows with it: the forms the
 * control plane writes and Network Firewall generates for domain lists (aws-api-notes §1.4):
 * <pre>
 * pass tls $HOME_NET any -&gt; $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; dotprefix; content:".x.com"; nocase; endswith; msg:"…"; flow:to_server, established; sid:1; rev:1;)
 * pass http $HOME_NET any -&gt; $EXTERNAL_NET any (http.host; content:"x.com"; startswith; endswith; msg:"…"; sid:2; rev:1;)
 * alert tls $HOME_NET any -&gt; $EXTERNAL_NET any (msg:"…"; ssl_state:client_hello; flow:to_server, established; sid:3; rev:1;)
 * </pre>
 * Actions {@code pass}, {@code drop}, {@code reject} and {@code alert}; protocols {@code tls} and {@code http}
 * ({@code tcp} and {@code ip} match both); the source {@code $HOME_NET}, {@code any} or a literal CIDR; a content
 * match on {@code tls.sni} or {@code http.host} with {@code dotprefix}, {@code startswith}, {@code endswith} and
 * {@code nocase} (Suricata's transforms and content modifiers). Content on other buffers (the HTTP drop rule's
 * {@code http.header_names}) is taken as matching, since every emulated request has headers. A rule in any other
 * form is not understood: {@link #parse} answers empty and the rule has no say, as a rule about traffic the
 * emulator does not send.
 *
 * @param source    {@code $HOME_NET}, {@code any} or a CIDR
 * @param content   the name pattern, or null when the rule matches every flow of its protocol
 * @param severity  Suricata's {@code priority} keyword, 3 when absent (the alert's severity)
 */
record SuricataRule(RuleHit.Action action, String protocol, String source, String content, boolean dotprefix,
                    boolean startsWith, boolean endsWith, boolean nocase, String msg, int sid, int severity) {

    private static final String HOME_NET = "$HOME_NET";

    /** The rule, or empty when it is not in a form the emulator decides flows with. */
    static Optional<SuricataRule> parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] header = line.substring(0, open).trim().split("\\s+");
        if (header.length != 7) {
            return Optional.empty();
        }
        Optional<RuleHit.Action> action = action(header[0]);
        String protocol = header[1].toLowerCase(Locale.ROOT);
        if (action.isEmpty() || !List.of("tls", "http", "tcp", "ip").contains(protocol)) {
            return Optional.empty();
        }
        return options(action.get(), protocol, header[2], line.substring(open + 1, close));
    }

    private static Optional<RuleHit.Action> action(String word) {
        return switch (word) {
            case "pass" -> Optional.of(RuleHit.Action.PASS);
            case "drop" -> Optional.of(RuleHit.Action.DROP);
            case "reject" -> Optional.of(RuleHit.Action.REJECT);
            case "alert" -> Optional.of(RuleHit.Action.ALERT);
            default -> Optional.empty();
        };
    }

    private static Optional<SuricataRule> options(RuleHit.Action action, String protocol, String source, String body) {
        String buffer = null;
        String content = null;
        boolean dotprefix = false;
        boolean startsWith = false;
        boolean endsWith = false;
        boolean nocase = false;
        String msg = "";
        int sid = 0;
        int severity = 3;
        for (String option : splitOptions(body)) {
            int colon = option.indexOf(':');
            String keyword = (colon < 0 ? option : option.substring(0, colon)).trim();
            String value = colon < 0 ? "" : unquote(option.substring(colon + 1).trim());
            boolean nameBuffer = "tls.sni".equals(buffer) || "http.host".equals(buffer);
            switch (keyword) {
                case "tls.sni", "http.host", "http.header_names" -> buffer = keyword;
                case "dotprefix" -> dotprefix = nameBuffer;
                case "content" -> content = nameBuffer ? value : content;
                case "startswith" -> startsWith |= nameBuffer;
                case "endswith" -> endsWith |= nameBuffer;
                case "nocase" -> nocase |= nameBuffer;
                case "msg" -> msg = value;
                case "sid" -> sid = number(value);
                case "priority" -> severity = number(value);
                default -> { }
            }
        }
        return Optional.of(new SuricataRule(action, protocol, source, content, dotprefix, startsWith, endsWith, nocase,
                msg, sid, severity));
    }

    /** Whether the rule matches a flow whose source {@code inHomeNet} tells about. */
    boolean matches(Flow flow, LongPredicate inHomeNet) {
        return protocolMatches(flow.protocol()) && sourceMatches(flow, inHomeNet) && nameMatches(flow);
    }

    RuleHit hit(String group) {
        return new RuleHit(action, group, sid, msg, severity, action != RuleHit.Action.PASS);
    }

    private boolean protocolMatches(Flow.Protocol flowProtocol) {
        return switch (protocol) {
            case "tls" -> flowProtocol == Flow.Protocol.TLS;
            case "http" -> flowProtocol == Flow.Protocol.HTTP;
            default -> true;
        };
    }

    private boolean sourceMatches(Flow flow, LongPredicate inHomeNet) {
        if (source.equals("any")) {
            return true;
        }
        if (source.equals(HOME_NET)) {
            return inHomeNet.test(flow.sourceValue());
        }
        for (String cidr : source.replace("[", "").replace("]", "").split(",")) {
            if (DomainTargets.inCidr(flow.sourceValue(), cidr.trim())) {
                return true;
            }
        }
        return false;
    }

    /** Suricata's dotprefix puts a dot before the buffer; startswith plus endswith is equality. */
    private boolean nameMatches(Flow flow) {
        if (content == null) {
            return true;
        }
        String buffer = (dotprefix ? "." : "") + flow.inspectedName();
        String pattern = nocase ? content.toLowerCase(Locale.ROOT) : content;
        if (startsWith && endsWith) {
            return buffer.equals(pattern);
        }
        if (endsWith) {
            return buffer.endsWith(pattern);
        }
        return startsWith ? buffer.startsWith(pattern) : buffer.contains(pattern);
    }

    /** Options end at an unquoted, unescaped {@code ;}. */
    private static List<String> splitOptions(String body) {
        List<String> options = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                current.append(c).append(body.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == ';' && !quoted) {
                options.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            options.add(current.toString().trim());
        }
        return options;
    }

    private static String unquote(String value) {
        String inner = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        return inner.replace("\\\"", "\"").replace("\\;", ";").replace("\\\\", "\\");
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
