package io.egressallowlist.cli;

/**
 * Text from the API made safe to print on a terminal. A blocked attempt's name is whatever a client put in its TLS
 * SNI or HTTP Host header, and a justification is whatever a person typed: printed raw, an escape sequence in them
 * could move the cursor, rewrite earlier lines, change the window title or hide text. Control characters (C0, DEL,
 * C1 — ESC, CSI, OSC among them), format characters (bidirectional overrides, zero-width characters), line and
 * paragraph separators, unassigned, private-use and lone surrogate code points are shown as {@code \\u….} escapes;
 * everything else, letters of any script included, is printed as it is.
 */
final class Terminal {

    private Terminal() {
    }

    static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (printable(c)) {
                out.appendCodePoint(c);
            } else {
                out.append(c <= 0xFFFF ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
            }
        });
        return out.toString();
    }

    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> false;
            default -> true;
        };
    }
}
