package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.DomainSyntax.MAX_LABEL_OCTETS;
import static io.egressallowlist.shared.domain.DomainSyntax.isAscii;
import static io.egressallowlist.shared.domain.Quoting.describe;
import static io.egressallowlist.shared.domain.Quoting.quote;

import io.egressallowlist.shared.domain.DomainName.Reason;
import io.egressallowlist.shared.domain.DomainSyntax.Refused;
import java.net.IDN;
import java.util.Locale;

/**
 * The rules for one label: its characters and hyphens (RFC 952/1123, RFC 5891), its xn-- form (decoded
 * and checked like typed input, and required canonical) and its length in DNS form.
 */
final class LabelRules {

    static final String ACE_PREFIX = "xn--";

    private LabelRules() {
    }

    static void refuseBadCharacters(String label) throws Refused {
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

    static void refuseEdgeHyphens(String label) throws Refused {
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
    static String decodeAceLabel(String label) throws Refused {
        String decoded = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED | IDN.USE_STD3_ASCII_RULES);
        if (decoded.equals(label) || isAscii(decoded) || !decoded.equals(decoded.toLowerCase(Locale.ROOT))) {
            throw invalidPunycode(label);
        }
        CharacterRules.refuseHiddenCharacters(decoded);
        CharacterRules.refuseUnicodeLookalikeCharacters(decoded);
        refuseBadCharacters(decoded);
        refuseEdgeHyphens(decoded);
        return decoded;
    }

    static String requireCanonicalAceLabel(String aceLabel, String unicodeLabel) throws Refused {
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

    static String encodeLabel(String label) throws Refused {
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

    static void refuseLongLabel(String asciiLabel) throws Refused {
        if (asciiLabel.length() > MAX_LABEL_OCTETS) {
            throw new Refused(Reason.LABEL_TOO_LONG, String.format(
                    "The label %s is %d characters long in its DNS form; the limit is %d.",
                    quote(asciiLabel), asciiLabel.length(), MAX_LABEL_OCTETS));
        }
    }
}
