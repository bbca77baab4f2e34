package io.egressallowlist.shared.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Renders untrusted input inside refusal messages.
 *
 * <p>Messages end up in Slack, API responses and JSON logs. Anything outside printable ASCII is
 * escaped so that a refused value can neither forge a log line (CR/LF), hide text (bidi controls)
 * nor display a homograph as if it were the familiar name.
 */
final class Quoting {

    private static final int MAX_SHOWN_CHARS = 80;

    private Quoting() {
    }

    /**
     * Checks an identifier against its format: {@code value} must be present and match {@code format}, else the
     * refusal names the value (quoted) and then {@code explanation} ("is not a … id. A … id is …").
     */
    static void requireFormat(Pattern format, String value, String explanation) {
        Objects.requireNonNull(value, "value");
        if (!format.matcher(value).matches()) {
            throw new IllegalArgumentException(quote(value) + " " + explanation);
        }
    }

    /** The value in single quotes, escaped and shortened. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < value.length() && shown < MAX_SHOWN_CHARS; ) {
            int cp = value.codePointAt(i);
            out.append(isPlainAscii(cp) ? Character.toString(cp) : escape(cp));
            i += Character.charCount(cp);
            shown++;
        }
        if (value.codePointCount(0, value.length()) > MAX_SHOWN_CHARS) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** {@code U+0430 CYRILLIC SMALL LETTER A}. */
    static String describe(int codePoint) {
        String name = Character.getName(codePoint);
        String hex = String.format("U+%04X", codePoint);
        return name == null ? hex + " (unassigned)" : hex + " " + name;
    }

    private static boolean isPlainAscii(int cp) {
        return cp >= 0x20 && cp < 0x7F && cp != '\\' && cp != '\'';
    }

    private static String escape(int cp) {
        return cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\U%06X", cp);
    }
}
