package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.Quoting.describe;
import static io.egressallowlist.shared.domain.Quoting.quote;

import io.egressallowlist.shared.domain.DomainName.Reason;
import java.net.IDN;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The syntax rules shared by allow-list targets ({@link DomainName}) and deny patterns
 * ({@link DomainPattern}): everything except the Public Suffix List checks.
 *
 * <p>The checks run from the most dangerous or most confusing finding to the least, so that the
 * reason reported is the one a person should fix first (an invisible character is reported before
 * the hyphen rule it might also break).
 */
final class DomainSyntax {

    /** A syntactically valid name, split into labels, both in A-label (ASCII) and Unicode form. */
    record Parsed(boolean wildcard, List<String> asciiLabels, List<String> unicodeLabels) {
        Parsed {
            asciiLabels = List.copyOf(asciiLabels);
            unicodeLabels = List.copyOf(unicodeLabels);
        }

        String asciiName() {
            return String.join(".", asciiLabels);
        }

        String unicodeName() {
            return String.join(".", unicodeLabels);
        }
    }

    /** Internal signal carrying the refusal to the public boundary, where it becomes a return value. */
    static final class Refused extends Exception {
        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }

    // RFC 1035 §2.3.4 limits, measured on the ASCII (A-label) form that is sent on the wire.
    static final int MAX_LABEL_OCTETS = 63;
    static final int MAX_NAME_OCTETS = 253;
    private static final int MAX_INPUT_CHARS = 1024;

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final String ACE_PREFIX = "xn--";

    private DomainSyntax() {
    }

    static Parsed parse(String raw) throws Refused {
        if (raw == null || raw.isBlank()) {
            throw new Refused(Reason.EMPTY,
                    "The domain name is empty. Enter a name such as example.com, "
                            + "or .example.com for a domain and all of its subdomains.");
        }
        // Bounds the work done on hostile input before any Unicode processing.
        if (raw.length() > MAX_INPUT_CHARS) {
            throw new Refused(Reason.NAME_TOO_LONG, String.format(
                    "The value is %d characters long; no domain name is longer than %d.",
                    raw.length(), MAX_NAME_OCTETS));
        }
        String text = trimSpaces(raw);
        refuseHiddenCharacters(text);
        refuseUrlParts(text);
        refuseAddressesAndPorts(text);
        refuseUnicodeLookalikeCharacters(text);
        return parseLabels(text.toLowerCase(Locale.ROOT));
    }

    // Only the plain space a copy-and-paste adds is trimmed; a trailing tab, CR or LF is refused
    // like any other control character, because it means the value did not come from a person typing.
    private static String trimSpaces(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) == ' ') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) == ' ') {
            end--;
        }
        return raw.substring(start, end);
    }

    private static void refuseHiddenCharacters(String text) throws Refused {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int position = text.codePointCount(0, i) + 1;
            if (Character.getType(cp) == Character.CONTROL) {
                throw new Refused(Reason.CONTROL_CHARACTER, String.format(
                        "The domain name contains the control character %s at position %d. "
                                + "Control characters (tab, CR, LF, NUL...) never occur in a domain name; "
                                + "type or paste the name again as plain text.", describe(cp), position));
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                throw new Refused(Reason.WHITESPACE, String.format(
                        "The domain name contains whitespace (%s) at position %d. "
                                + "A domain name has no spaces; request one name at a time.",
                        describe(cp), position));
            }
            if (Character.getType(cp) == Character.FORMAT) {
                throw new Refused(Reason.INVISIBLE_CHARACTER, String.format(
                        "The domain name contains the invisible character %s at position %d. "
                                + "Zero-width and text-direction characters make a name look like a different "
                                + "one; type the name again without them.", describe(cp), position));
            }
            i += Character.charCount(cp);
        }
    }

    private static void refuseUrlParts(String text) throws Refused {
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

    private static void refuseAddressesAndPorts(String text) throws Refused {
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

    private static void refuseUnicodeLookalikeCharacters(String text) throws Refused {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == '\u3002' || cp == '\uFF0E' || cp == '\uFF61') {
                throw new Refused(Reason.NON_ASCII_DOT, String.format(
                        "The domain name uses %s as a dot. Use the ASCII dot '.' between labels: "
                                + "some software treats this character as a dot and some does not, "
                                + "so the name would mean different things to different programs.",
                        describe(cp)));
            }
            if (cp > 0x7F && isSymbol(cp)) {
                throw new Refused(Reason.SYMBOL, String.format(
                        "The domain name contains the symbol %s. Emoji and symbols are not allowed in "
                                + "domain names (IDNA2008), although older software may still convert them.",
                        describe(cp)));
            }
            i += Character.charCount(cp);
        }
        refuseCompatibilityForms(text);
    }

    // NFKC maps full-width letters, ligatures and similar forms onto ordinary characters. Converting
    // silently would approve a name the requester did not type, so such input is refused instead.
    private static void refuseCompatibilityForms(String text) throws Refused {
        if (Normalizer.isNormalized(text, Normalizer.Form.NFKC)) {
            return;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String single = Character.toString(cp);
            if (!Normalizer.normalize(single, Normalizer.Form.NFKC).equals(single)) {
                throw new Refused(Reason.COMPATIBILITY_CHARACTER, String.format(
                        "The domain name contains %s, a compatibility form (full-width, ligature or "
                                + "similar) of %s. Type the plain character instead.",
                        describe(cp), quote(Normalizer.normalize(single, Normalizer.Form.NFKC))));
            }
            i += Character.charCount(cp);
        }
        throw new Refused(Reason.COMPATIBILITY_CHARACTER,
                "The domain name contains decomposed characters (a letter followed by a separate accent). "
                        + "Type the name with composed characters.");
    }

    private static Parsed parseLabels(String lower) throws Refused {
        boolean wildcard = lower.startsWith("*.") || lower.startsWith(".");
        String base = lower.startsWith("*.") ? lower.substring(2) : wildcard ? lower.substring(1) : lower;
        if (base.endsWith(".")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty()) {
            throw new Refused(Reason.EMPTY,
                    "The wildcard has no domain after it. Write .example.com or *.example.com.");
        }
        if (base.indexOf('*') >= 0) {
            throw new Refused(Reason.WILDCARD_POSITION,
                    "A '*' may appear only as the whole first label, as in *.example.com "
                            + "(the firewall has no other wildcard syntax; aws-api-notes §1.4).");
        }
        List<String> labels = List.of(base.split("\\.", -1));
        refuseEmptyLabels(labels);
        refuseNumericLastLabel(labels);
        return encode(wildcard, labels);
    }

    private static void refuseEmptyLabels(List<String> labels) throws Refused {
        if (labels.stream().anyMatch(String::isEmpty)) {
            throw new Refused(Reason.EMPTY_LABEL,
                    "The domain name has an empty label: two dots in a row, or an extra dot at the "
                            + "start or end. Remove the extra dot.");
        }
    }

    // The WHATWG URL standard ("ends in a number") makes browsers and HTTP clients parse such a host
    // as IPv4, including 3232235777, 0x7f000001, 127.1 and 0177.0.0.1.
    private static void refuseNumericLastLabel(List<String> labels) throws Refused {
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

    private static Parsed encode(boolean wildcard, List<String> labels) throws Refused {
        List<String> unicode = new ArrayList<>(labels.size());
        for (String label : labels) {
            refuseBadCharacters(label);
            refuseEdgeHyphens(label);
            unicode.add(label.startsWith(ACE_PREFIX) ? decodeAceLabel(label) : label);
        }
        for (String unicodeLabel : unicode) {
            if (!isAscii(unicodeLabel)) {
                Scripts.refuseUnsafeUnicodeLabel(unicodeLabel);
            }
        }
        Scripts.refuseWholeScriptConfusables(unicode);
        List<String> ascii = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            String asciiLabel = labels.get(i).startsWith(ACE_PREFIX)
                    ? requireCanonicalAceLabel(labels.get(i), unicode.get(i))
                    : encodeLabel(labels.get(i));
            refuseLongLabel(asciiLabel);
            ascii.add(asciiLabel);
        }
        refuseLongName(String.join(".", ascii));
        return new Parsed(wildcard, ascii, unicode);
    }

    private static void refuseBadCharacters(String label) throws Refused {
        for (int i = 0; i < label.length(); ) {
            int cp = label.codePointAt(i);
            if (cp == '_') {
                throw new Refused(Reason.UNDERSCORE,
                        "The label " + quote(label) + " contains '_'. Host names may not contain underscores "
                                + "(RFC 952/1123); TLS clients send such names inconsistently, so an entry "
                                + "with '_' is unreliable. Check the exact host name the client connects to.");
            }
            if (!isLabelCharacter(cp)) {
                throw new Refused(Reason.FORBIDDEN_CHARACTER, String.format(
                        "The label %s contains %s, which is not allowed in a domain name. Use letters, "
                                + "digits and hyphens only.", quote(label), describe(cp)));
            }
            i += Character.charCount(cp);
        }
    }

    private static boolean isLabelCharacter(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-';
        }
        int type = Character.getType(cp);
        return Character.isLetter(cp) || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isSymbol(int cp) {
        int type = Character.getType(cp);
        return type == Character.MATH_SYMBOL || type == Character.CURRENCY_SYMBOL
                || type == Character.MODIFIER_SYMBOL || type == Character.OTHER_SYMBOL;
    }

    private static void refuseEdgeHyphens(String label) throws Refused {
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new Refused(Reason.HYPHEN_POSITION,
                    "The label " + quote(label) + " starts or ends with a hyphen, which host names may not do.");
        }
        boolean reservedHyphens = label.length() >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-';
        if (reservedHyphens && !label.startsWith(ACE_PREFIX)) {
            throw new Refused(Reason.HYPHEN_POSITION,
                    "The label " + quote(label) + " has '--' in the third and fourth positions, which is "
                            + "reserved for encoded names such as xn-- (RFC 5891 §4.2.3.1).");
        }
    }

    // An xn-- label is decoded and its Unicode form checked like typed input; otherwise a homograph
    // or a symbol could be requested in encoded form and skip those checks. Decoding tolerates code
    // points newer than java.net.IDN's Unicode 3.2 so that the homograph checks still get to see them.
    private static String decodeAceLabel(String label) throws Refused {
        String decoded = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED | IDN.USE_STD3_ASCII_RULES);
        if (decoded.equals(label) || isAscii(decoded) || !decoded.equals(decoded.toLowerCase(Locale.ROOT))) {
            throw invalidPunycode(label);
        }
        refuseHiddenCharacters(decoded);
        refuseUnicodeLookalikeCharacters(decoded);
        refuseBadCharacters(decoded);
        refuseEdgeHyphens(decoded);
        return decoded;
    }

    private static String requireCanonicalAceLabel(String aceLabel, String unicodeLabel) throws Refused {
        try {
            if (IDN.toASCII(unicodeLabel, IDN.USE_STD3_ASCII_RULES).equals(aceLabel)) {
                return aceLabel;
            }
        } catch (IllegalArgumentException e) {
            // same refusal as a non-canonical encoding, below
        }
        throw invalidPunycode(aceLabel);
    }

    private static Refused invalidPunycode(String label) {
        return new Refused(Reason.INVALID_PUNYCODE,
                "The label " + quote(label) + " starts with xn-- but is not the valid, canonical punycode "
                        + "of an internationalised name. Check the name, or enter it in its Unicode form.");
    }

    private static String encodeLabel(String label) throws Refused {
        if (isAscii(label)) {
            return label;
        }
        refuseLongLabel(ACE_PREFIX + Punycode.encode(label));
        String ascii;
        try {
            ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new Refused(Reason.INVALID_IDN,
                    "The label " + quote(label) + " is not a valid internationalised domain name label "
                            + "(IDNA). Check the spelling or enter the xn-- form.");
        }
        // IDNA2003 (java.net.IDN) maps some characters away; a name that does not survive the round
        // trip would be stored as something other than what was typed.
        if (!IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES).equals(label)) {
            throw new Refused(Reason.INVALID_IDN,
                    "The label " + quote(label) + " changes when encoded for DNS (it becomes "
                            + quote(ascii) + "). Enter the name exactly as clients send it.");
        }
        return ascii;
    }

    static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static void refuseLongLabel(String asciiLabel) throws Refused {
        if (asciiLabel.length() > MAX_LABEL_OCTETS) {
            throw new Refused(Reason.LABEL_TOO_LONG, String.format(
                    "The label %s is %d characters long in its DNS form; the limit is %d.",
                    quote(asciiLabel), asciiLabel.length(), MAX_LABEL_OCTETS));
        }
    }

    private static void refuseLongName(String asciiName) throws Refused {
        if (asciiName.length() > MAX_NAME_OCTETS) {
            throw new Refused(Reason.NAME_TOO_LONG, String.format(
                    "The domain name is %d characters long in its DNS form; the limit is %d.",
                    asciiName.length(), MAX_NAME_OCTETS));
        }
    }
}
