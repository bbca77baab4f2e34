package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.LabelRules.ACE_PREFIX;

import io.egressallowlist.shared.domain.DomainName.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The syntax rules shared by allow-list targets ({@link DomainName}) and deny patterns
 * ({@link DomainPattern}): everything except the Public Suffix List checks.
 *
 * <p>The checks run from the most dangerous or most confusing finding to the least, so that the
 * reason reported is the one a person should fix first (an invisible character is reported before
 * the hyphen rule it might also break): characters first ({@link CharacterRules}), then what is a URL
 * or an address rather than a host name ({@link UrlAndAddressRules}), then each label ({@link LabelRules},
 * {@link Scripts}) and the length of the whole name.
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
        CharacterRules.refuseHiddenCharacters(text);
        UrlAndAddressRules.refuseUrlParts(text);
        UrlAndAddressRules.refuseAddressesAndPorts(text);
        CharacterRules.refuseUnicodeLookalikeCharacters(text);
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
        UrlAndAddressRules.refuseNumericLastLabel(labels);
        return encode(wildcard, labels);
    }

    private static void refuseEmptyLabels(List<String> labels) throws Refused {
        if (labels.stream().anyMatch(String::isEmpty)) {
            throw new Refused(Reason.EMPTY_LABEL,
                    "The domain name has an empty label: two dots in a row, or an extra dot at the "
                            + "start or end. Remove the extra dot.");
        }
    }

    private static Parsed encode(boolean wildcard, List<String> labels) throws Refused {
        List<String> unicode = new ArrayList<>(labels.size());
        for (String label : labels) {
            LabelRules.refuseBadCharacters(label);
            LabelRules.refuseEdgeHyphens(label);
            unicode.add(label.startsWith(ACE_PREFIX) ? LabelRules.decodeAceLabel(label) : label);
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
                    ? LabelRules.requireCanonicalAceLabel(labels.get(i), unicode.get(i))
                    : LabelRules.encodeLabel(labels.get(i));
            LabelRules.refuseLongLabel(asciiLabel);
            ascii.add(asciiLabel);
        }
        refuseLongName(String.join(".", ascii));
        return new Parsed(wildcard, ascii, unicode);
    }

    static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static void refuseLongName(String asciiName) throws Refused {
        if (asciiName.length() > MAX_NAME_OCTETS) {
            throw new Refused(Reason.NAME_TOO_LONG, String.format(
                    "The domain name is %d characters long in its DNS form; the limit is %d.",
                    asciiName.length(), MAX_NAME_OCTETS));
        }
    }
}
