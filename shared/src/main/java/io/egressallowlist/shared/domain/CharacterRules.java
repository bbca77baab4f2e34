package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.Quoting.describe;
import static io.egressallowlist.shared.domain.Quoting.quote;

import io.egressallowlist.shared.domain.DomainName.Reason;
import io.egressallowlist.shared.domain.DomainSyntax.Refused;
import java.text.Normalizer;

/**
 * Character rules over the whole text, and again over the Unicode form of each xn-- label: no control,
 * whitespace or invisible character, no dot other than the ASCII one, no symbol or emoji, no compatibility
 * form of another character.
 */
final class CharacterRules {

    private CharacterRules() {
    }

    static void refuseHiddenCharacters(String text) throws Refused {
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

    static void refuseUnicodeLookalikeCharacters(String text) throws Refused {
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

    private static boolean isSymbol(int cp) {
        int type = Character.getType(cp);
        return type == Character.MATH_SYMBOL || type == Character.CURRENCY_SYMBOL
                || type == Character.MODIFIER_SYMBOL || type == Character.OTHER_SYMBOL;
    }
}
