package io.egressallowlist.shared.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opaque page tokens: a DynamoDB {@code LastEvaluatedKey} (string and number attributes only) encoded
 * as URL-safe base64 of {@code name=S:value} lines. A token that does not decode is refused with
 * {@link IllegalArgumentException}, which the API maps to 400.
 */
final class PageTokens {

    private PageTokens() {
    }

    static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        lastEvaluatedKey.forEach((name, value) -> text.append(name).append('=')
                .append(value.s() != null ? "S:" + value.s() : "N:" + value.n()).append('\n'));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the page token is not valid; use the nextPageToken of a previous page");
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 1 || line.length() < eq + 3 || line.charAt(eq + 2) != ':') {
                throw new IllegalArgumentException("the page token is not valid; use the nextPageToken of a previous page");
            }
            String name = line.substring(0, eq);
            String value = line.substring(eq + 3);
            key.put(name, line.charAt(eq + 1) == 'S' ? AttributeValue.fromS(value) : AttributeValue.fromN(value));
        }
        return key;
    }
}
