package io.egressallowlist.functions.requestapi;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The page tokens the API issues: the store's token bound to the filters it was issued for, so that a
 * token is never replayed against other filters (it would skip or repeat items silently).
 */
final class PageToken {

    /**
     * How an operation names its tokens.
     *
     * @param parameter the query parameter a token comes back in
     * @param answer    the member of the answer that carries the next one
     * @param filters   the filters a client keeps the same while paging, for the problem when they change
     */
    record Names(String parameter, String answer, String filters) { }

    /** {@code GET /requests}. */
    static final Names REQUESTS = new Names("pageToken", "nextPageToken", "'status' and 'requester'");

    private PageToken() {
    }

    /** The token a client gets for the store's {@code storeToken} under {@code filters}. */
    static String wrap(String storeToken, String filters) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1\n" + filters + "\n" + storeToken)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The store's token inside {@code token}; a 400 problem when it is not ours or was issued for other filters. */
    static String unwrap(String token, String filters) {
        return unwrap(token, filters, REQUESTS);
    }

    /** As {@link #unwrap(String, String)}, for an operation whose tokens are named {@code names}. */
    static String unwrap(String token, String filters, Names names) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(names);
        }
        String[] parts = text.split("\n", 3);
        if (parts.length != 3 || !parts[0].equals("v1") || parts[2].isEmpty()) {
            throw invalid(names);
        }
        if (!parts[1].equals(filters)) {
            throw Problem.invalid(names.parameter(), "FILTERS_CHANGED", "This page token was issued for other filters;"
                    + " keep " + names.filters() + " the same while paging, or start again without '"
                    + names.parameter() + "'.").exception();
        }
        return parts[2];
    }

    /** Also the answer when the store refuses the token inside (forged or from another table). */
    static Problem.ProblemException invalid() {
        return invalid(REQUESTS);
    }

    static Problem.ProblemException invalid(Names names) {
        return Problem.invalid(names.parameter(), "INVALID", "The page token is not valid; use the '" + names.answer()
                + "' of the previous page.").exception();
    }
}
