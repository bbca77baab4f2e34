package io.egressallowlist.shared.domain;

import io.egressallowlist.shared.domain.DomainName.Reason;
import io.egressallowlist.shared.domain.DomainSyntax.Refused;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What people paste instead of a host name: a URL (scheme, user, path, query, fragment, percent-encoding),
 * a port, or an IP address in any of the notations URL parsers accept.
 */
final class UrlAndAddressRules {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

    private UrlAndAddressRules() {
    }

    static void refuseUrlParts(String text) throws Refused {
        if (SCHEME.matcher(text).find() || text.startsWith("//")) {
            throw new Refused(Reason.URL_SCHEME,
                    "The domain name starts with a URL scheme (such as https://). "
                            + "Enter only the host name, for example files.pythonhosted.org.");
        }
        if (text.indexOf('@') >= 0) {
            throw new Refused(Reason.USERINFO,
                    "The domain name contains '@'. User names and passwords (user@host) are not part "
                            + "of a domain name; enter only the host name after the '@'.");
        }
        refuseFirstUrlDelimiter(text);
        if (text.indexOf('%') >= 0) {
            throw new Refused(Reason.PERCENT_ENCODING,
                    "The domain name contains '%'. Percent-encoding (such as %2e) is not allowed; "
                            + "type the characters themselves.");
        }
    }

    private static void refuseFirstUrlDelimiter(String text) throws Refused {
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '/' -> throw new Refused(Reason.PATH,
                        "The domain name contains a path ('/'). The firewall sees only the host name "
                                + "(TLS SNI, HTTP Host; aws-api-notes §1.4), so it cannot allow a single path. "
                                + "Enter only the host name.");
                case '?' -> throw new Refused(Reason.QUERY,
                        "The domain name contains a query string ('?'). Enter only the host name.");
                case '#' -> throw new Refused(Reason.FRAGMENT,
                        "The domain name contains a fragment ('#'). Enter only the host name.");
                default -> {
                    // keep scanning
                }
            }
        }
    }

    static void refuseAddressesAndPorts(String text) throws Refused {
        if (text.startsWith("[")) {
            throw new Refused(Reason.IP_ADDRESS, ipAddressMessage("a bracketed IPv6 address"));
        }
        long colons = text.chars().filter(c -> c == ':').count();
        if (colons > 1) {
            throw new Refused(Reason.IP_ADDRESS, ipAddressMessage("an IPv6 address"));
        }
        if (colons == 1) {
            throw new Refused(Reason.PORT,
                    "The domain name contains a port (':'). Allow-list entries match a host name on "
                            + "every port (aws-api-notes §1.4); enter the host name without ':port'.");
        }
    }

    // The WHATWG URL standard ("ends in a number") makes browsers and HTTP clients parse such a host
    // as IPv4, including 3232235777, 0x7f000001, 127.1 and 0177.0.0.1.
    static void refuseNumericLastLabel(List<String> labels) throws Refused {
        if (!NUMERIC_LABEL.matcher(labels.get(labels.size() - 1)).matches()) {
            return;
        }
        boolean allNumeric = labels.stream().allMatch(label -> NUMERIC_LABEL.matcher(label).matches());
        throw new Refused(Reason.IP_ADDRESS, allNumeric
                ? ipAddressMessage("an IPv4 address (in decimal, octal, hexadecimal or short notation)")
                : ipAddressMessage("read as an IPv4 address by URL parsers, because its last label is a number"));
    }

    private static String ipAddressMessage(String what) {
        return "The value is " + what + ". The firewall matches host names in TLS SNI and the HTTP "
                + "Host header, never IP addresses (aws-api-notes §1.4); request the host name instead.";
    }
}
