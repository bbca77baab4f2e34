package io.egressallowlist.emulators.networkfirewall;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Traffic a workload sends through the firewall: {@code count} connections from one source address to one
 * domain over TLS (the name is the ClientHello's SNI) or plain HTTP (the name is the Host header). The firewall
 * matches names, never addresses (aws-api-notes §1.4).
 *
 * @param sourceIp the workload's private IPv4 address
 * @param domain   the SNI or Host header as the client sends it
 * @param count    connections, at least 1
 */
public record Flow(String sourceIp, String domain, Protocol protocol, int count) {

    /** The two application protocols a domain list inspects, with what each means for matching and logging. */
    public enum Protocol {
        /** HTTPS: the TLS_SNI target type, port 443, Suricata's app_proto {@code tls}. */
        TLS("TLS_SNI", 443, "tls"),
        /** Plain HTTP: the HTTP_HOST target type, port 80, app_proto {@code http}. */
        HTTP("HTTP_HOST", 80, "http");

        private final String targetType;
        private final int port;
        private final String appProto;

        Protocol(String targetType, int port, String appProto) {
            this.targetType = targetType;
            this.port = port;
            this.appProto = appProto;
        }

        /** The domain list target type that inspects this protocol, also the analysis report's type. */
        public String targetType() {
            return targetType;
        }

        public int port() {
            return port;
        }

        public String appProto() {
            return appProto;
        }
    }

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Host names as they travel in SNI or Host: up to 253 characters, no spaces or control characters. */
    private static final Pattern NAME = Pattern.compile("[\\x21-\\x7e]{1,253}");

    public Flow {
        Objects.requireNonNull(protocol, "protocol");
        if (sourceIp == null || !IPV4.matcher(sourceIp).matches()) {
            throw new IllegalArgumentException("a source address is a dotted-quad IPv4 address, got " + sourceIp);
        }
        if (domain == null || !NAME.matcher(domain).matches()) {
            throw new IllegalArgumentException("a domain is 1 to 253 printable ASCII characters without spaces, got "
                    + domain);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
    }

    /** The name as the rules see it: TLS rules match SNI case-insensitively; Suricata lowercases the Host buffer. */
    String inspectedName() {
        return domain.toLowerCase(Locale.ROOT);
    }

    /** The source as a number, for HOME_NET checks. */
    long sourceValue() {
        long value = 0;
        for (String octet : sourceIp.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
