package io.egressallowlist.emulators.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalInt;

/**
 * Opaque pagination tokens for list operations: the offset of the next item, bound to the query that
 * produced it, so that a token used with different filters (or a made-up token) is detected instead of
 * silently returning a wrong page. Real AWS tokens are opaque too; clients must not parse them.
 */
public final class PageToken {

    private static final String VERSION = "v1";

    private PageToken() {
    }

    /** A token that resumes {@code query} at {@code offset}. */
    public static String encode(int offset, String query) {
        String plain = VERSION + "|" + offset + "|" + Integer.toHexString(query.hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token resumes at, or empty when the token is malformed or was issued for another query. */
    public static OptionalInt decode(String token, String query) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        String[] parts = plain.split("\\|", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)
                || !parts[2].equals(Integer.toHexString(query.hashCode()))) {
            return OptionalInt.empty();
        }
        try {
            int offset = Integer.parseInt(parts[1]);
            return offset < 0 ? OptionalInt.empty() : OptionalInt.of(offset);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
