package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.networkfirewall.Flow;
import io.egressallowlist.emulators.networkfirewall.FlowVerdict;
import io.egressallowlist.testbed.LocalAws;
import io.egressallowlist.testbed.Testbed;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /_sandbox/firewall/verdict?source=<address or user>&host=<name>&protocol=tls|http}: what the firewall
 * would do with one connection, decided by the Network Firewall emulator from the LIVE rule groups and policy
 * (strict order: {@code global}'s pass rules, then the rule group whose {@code HOME_NET} holds the source, then the
 * policy's default actions) without sending it: no traffic is recorded, no alert is written.
 *
 * <p>Answer: {@code {"verdict": "PASS" | "DROP" | "ALERT_PASS", "sourceIp", "profile"?, "host", "protocol"}}. A
 * source that is neither an IPv4 address nor a user profile with a running Studio app is refused (404 for an unknown
 * profile), as is a missing host or another protocol (400).
 */
final class FirewallVerdicts {

    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Testbed testbed;

    FirewallVerdicts(Testbed testbed) {
        this.testbed = testbed;
    }

    JsonNode verdict(String source, String host, String protocol) {
        if (source.isBlank()) {
            throw new IllegalArgumentException("'source' is required: a workload address (10.0.1.23) or a Studio user"
                    + " profile with a running app (alice-data-scientist)");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("'host' is required: the name the workload connects to (TLS SNI or HTTP Host)");
        }
        Flow.Protocol chosen = protocol(protocol);
        Optional<String> profile = ADDRESS.matcher(source).matches() ? Optional.empty() : Optional.of(source);
        String address = profile.map(name -> testbed.appAddressOf(name).orElseThrow(() -> new SandboxTraffic.UnknownProfile(
                "no running Studio app for profile '" + name + "'; give its address or one of the sandbox's profiles")))
                .orElse(source);
        FlowVerdict verdict = testbed.aws().firewall().verdict(LocalAws.FIREWALL, address, chosen, host);
        ObjectNode answer = JSON.createObjectNode().put("verdict", verdict.name()).put("sourceIp", address);
        profile.ifPresent(name -> answer.put("profile", name));
        return answer.put("host", host).put("protocol", chosen.name().toLowerCase(Locale.ROOT));
    }

    private static Flow.Protocol protocol(String protocol) {
        return switch (protocol.toLowerCase(Locale.ROOT)) {
            case "", "tls" -> Flow.Protocol.TLS;
            case "http" -> Flow.Protocol.HTTP;
            default -> throw new IllegalArgumentException("'protocol' is tls or http, got '" + protocol + "'");
        };
    }
}
