package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.DomainSyntax.isAscii;
import static io.egressallowlist.shared.domain.Quoting.describe;
import static io.egressallowlist.shared.domain.Quoting.quote;

import io.egressallowlist.shared.domain.DomainName.Reason;
import io.egressallowlist.shared.domain.DomainSyntax.Refused;
import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Homograph defences for internationalised names.
 *
 * <p>The rule, per label: every letter comes from one script. ASCII digits and the hyphen belong to
 * no script and may appear with any. The only mixtures allowed are the ones the languages themselves
 * use (Unicode UTS #39 "highly restrictive" profile, without Latin): Han with Hiragana and Katakana
 * (Japanese), Han with Hangul (Korean), Han with Bopomofo (Chinese). Latin mixed with Cyrillic or
 * Greek is always refused: those scripts share many identical-looking letters.
 *
 * <p>A label can also fool a reader without mixing: "аррӏе" is five Cyrillic letters that render as
 * "apple". Under an ASCII top-level domain, a non-Latin label made only of letters that look like
 * Latin letters is refused (a whole-script homograph). Under a top-level domain in the same script
 * (such as .рф) the reader expects that script, so the name is accepted.
 */
final class Scripts {

    private static final List<Set<UnicodeScript>> LANGUAGE_SCRIPT_SETS = List.of(
            EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
            EnumSet.of(UnicodeScript.HAN, UnicodeScript.HANGUL),
            EnumSet.of(UnicodeScript.HAN, UnicodeScript.BOPOMOFO));

    // Cyrillic and Greek lower-case letters that render like the Latin letter at the same index in
    // common fonts. Deliberately short: only letters that are indistinguishable at a glance.
    private static final String LOOKALIKES = "асԁеһіјӏорԛѕԝху" + "αικνορυϲϳ";
    private static final String LATIN_READING = "acdehijlopqswxy" + "aikvopucj";

    // IDNA2003 (java.net.IDN and older clients) maps these to "ss" and "σ"; IDNA2008 keeps them.
    // The same typed name would reach the firewall as different SNI values depending on the client.
    private static final String DEVIATION_CHARACTERS = "ßς";

    private Scripts() {
    }

    static void refuseUnsafeUnicodeLabel(String label) throws Refused {
        refuseDeviationCharacters(label);
        refuseMixedScripts(label);
    }

    static void refuseWholeScriptConfusables(List<String> unicodeLabels) throws Refused {
        String topLevel = unicodeLabels.get(unicodeLabels.size() - 1);
        if (!isAscii(topLevel)) {
            return;
        }
        for (String label : unicodeLabels) {
            if (!isAscii(label) && looksLatin(label)) {
                throw new Refused(Reason.CONFUSABLE_SCRIPT, String.format(
                        "The label %s is written in %s but every letter looks like a Latin letter, so it "
                                + "reads as %s next to the top-level domain %s. This is a homograph attack "
                                + "pattern; if you meant %s, type it in Latin letters.",
                        quote(label), scriptNames(scriptsOf(label)), quote(latinReading(label)),
                        quote(topLevel), quote(latinReading(label))));
            }
        }
    }

    private static void refuseDeviationCharacters(String label) throws Refused {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (DEVIATION_CHARACTERS.indexOf(c) >= 0) {
                throw new Refused(Reason.IDNA_DEVIATION, String.format(
                        "The label %s contains %s, which older and newer IDNA software encode differently "
                                + "(for example 'ß' becomes 'ss' or stays 'ß'), so the firewall entry might "
                                + "not match what a client sends. Such names cannot be requested.",
                        quote(label), describe(c)));
            }
        }
    }

    private static void refuseMixedScripts(String label) throws Refused {
        Set<UnicodeScript> scripts = scriptsOf(label);
        boolean allowed = scripts.size() <= 1
                || LANGUAGE_SCRIPT_SETS.stream().anyMatch(set -> set.containsAll(scripts));
        if (!allowed) {
            throw new Refused(Reason.MIXED_SCRIPT, String.format(
                    "The label %s mixes letters from %s. Mixed scripts are how homograph attacks work: "
                            + "a Cyrillic 'а' looks exactly like a Latin 'a'. Type every letter of a label "
                            + "in one script.", quote(label), scriptNames(scripts)));
        }
    }

    private static Set<UnicodeScript> scriptsOf(String label) {
        return label.codePoints()
                .mapToObj(UnicodeScript::of)
                .filter(script -> script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(UnicodeScript.class)));
    }

    private static boolean looksLatin(String label) {
        return label.codePoints().anyMatch(Character::isLetter)
                && label.codePoints().filter(Character::isLetter).allMatch(cp -> LOOKALIKES.indexOf(cp) >= 0);
    }

    private static String latinReading(String label) {
        StringBuilder reading = new StringBuilder();
        label.codePoints().forEach(cp -> {
            int index = LOOKALIKES.indexOf(cp);
            reading.appendCodePoint(index >= 0 ? LATIN_READING.charAt(index) : cp);
        });
        return reading.toString();
    }

    private static String scriptNames(Set<UnicodeScript> scripts) {
        return scripts.stream()
                .map(script -> script.name().charAt(0) + script.name().substring(1).toLowerCase(Locale.ROOT))
                .map(name -> name.replace('_', ' '))
                .collect(Collectors.joining(" and "));
    }
}
