package io.egressallowlist.emulators.networkfirewall;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing, with an opaque {@code NextToken} (aws-api-notes §1.3). A token names the key of
 * the last item returned, so a page never repeats or skips items when others are added or deleted
 * between calls, and it names the listing it belongs to, so it cannot be replayed against another.
 */
record Page<T>(List<T> items, String nextToken) {

    /** The model has no default for MaxResults; 100, its maximum, keeps unpaginated callers honest. */
    static final int DEFAULT_MAX_RESULTS = 100;

    /**
     * Cuts a page from {@code sorted}, which must be in ascending order of {@code key}.
     *
     * @param listing    what is listed, e.g. {@code ListRuleGroups:ACCOUNT:STATEFUL}
     * @param nextToken  the token from the previous page, or null for the first
     * @param maxResults page size, or null for the default
     */
    static <T> Page<T> of(List<T> sorted, Function<T, String> key, String listing, String nextToken, Integer maxResults) {
        int size = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        List<T> remaining = nextToken == null ? sorted : after(sorted, key, decode(nextToken, listing));
        if (remaining.size() <= size) {
            return new Page<>(List.copyOf(remaining), null);
        }
        List<T> items = List.copyOf(remaining.subList(0, size));
        return new Page<>(items, encode(listing, key.apply(items.get(size - 1))));
    }

    private static <T> List<T> after(List<T> sorted, Function<T, String> key, String lastKey) {
        for (int i = 0; i < sorted.size(); i++) {
            if (key.apply(sorted.get(i)).compareTo(lastKey) > 0) {
                return sorted.subList(i, sorted.size());
            }
        }
        return List.of();
    }

    private static String encode(String listing, String lastKey) {
        return Base64.getEncoder().encodeToString((listing + "\n" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, String listing) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidToken(token);
        }
        String prefix = listing + "\n";
        if (!decoded.startsWith(prefix)) {
            throw invalidToken(token);
        }
        return decoded.substring(prefix.length());
    }

    private static RuntimeException invalidToken(String token) {
        return NetworkFirewallErrors.INVALID_REQUEST.error("NextToken '" + token + "' was not issued for this request; pass the "
                + "NextToken of the previous page of the same listing, or omit it to start from the first page");
    }
}
