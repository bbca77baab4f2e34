package io.egressallowlist.functions.requestapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One API Gateway proxy event (REST API, payload 1.0; aws-api-notes §3), read defensively: headers
 * case-insensitively (the multi-value map wins when both are present), query parameters single-valued,
 * the body size-checked before anything decodes or parses it.
 */
final class ApiCall {

    /** Bodies above this are refused with 413 before they are decoded or parsed. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final APIGatewayProxyRequestEvent event;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, List<String>> query = new TreeMap<>();
    private final String requestId;

    ApiCall(APIGatewayProxyRequestEvent event, Context context) {
        this.event = event;
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> {
                if (name != null && value != null) {
                    headers.put(name, List.of(value));
                }
            });
        }
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((name, values) -> {
                if (name != null && values != null && !values.isEmpty()) {
                    headers.put(name, List.copyOf(values));
                }
            });
        }
        if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach((name, value) -> query.put(name, List.of(value == null ? "" : value)));
        }
        if (event.getMultiValueQueryStringParameters() != null) {
            event.getMultiValueQueryStringParameters().forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    query.put(name, List.copyOf(values));
                }
            });
        }
        String fromGateway = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
        this.requestId = fromGateway != null ? fromGateway : context != null ? context.getAwsRequestId() : null;
    }

    String method() {
        return event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(Locale.ROOT);
    }

    String path() {
        return event.getPath();
    }

    String resource() {
        return event.getResource();
    }

    Map<String, String> pathParameters() {
        return event.getPathParameters();
    }

    /** API Gateway's request id (what the caller sees in {@code x-amzn-RequestId}), else Lambda's. */
    String requestId() {
        return requestId;
    }

    /** The IAM principal API Gateway authenticated, if any. */
    Optional<String> principal() {
        if (event.getRequestContext() == null || event.getRequestContext().getIdentity() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(event.getRequestContext().getIdentity().getUserArn()).filter(arn -> !arn.isBlank());
    }

    String sourceIp() {
        if (event.getRequestContext() == null || event.getRequestContext().getIdentity() == null) {
            return null;
        }
        return event.getRequestContext().getIdentity().getSourceIp();
    }

    /** The single value of a header; more than one value is refused. */
    Optional<String> header(String name) {
        List<String> values = headers.get(name);
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw Problem.invalid(name, "REPEATED_HEADER", "The " + name + " header was sent " + values.size()
                    + " times; send it once.").exception();
        }
        return Optional.of(values.get(0));
    }

    /**
     * Refuses query parameters the operation does not know, and repeated ones, so that a typo such as
     * {@code ?stauts=PENDING} is an error rather than a silently unfiltered listing.
     */
    void allowOnlyQueryParameters(Set<String> known) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!known.contains(parameter.getKey())) {
                throw Problem.invalid(parameter.getKey(), "UNKNOWN_PARAMETER", "Unknown query parameter '"
                        + parameter.getKey() + "'" + (known.isEmpty() ? "; this operation takes none."
                        : "; this operation takes " + String.join(", ", new java.util.TreeSet<>(known)) + "."))
                        .exception();
            }
            if (parameter.getValue().size() > 1) {
                throw Problem.invalid(parameter.getKey(), "REPEATED_PARAMETER", "The query parameter '"
                        + parameter.getKey() + "' was given " + parameter.getValue().size() + " times; give it once.")
                        .exception();
            }
        }
    }

    Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The raw body: at most {@link #MAX_BODY_BYTES} bytes (413, checked before anything decodes it),
     * base64-decoded when API Gateway marked it so. Empty when there is no body.
     */
    Optional<byte[]> bodyBytes() {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            return Optional.empty();
        }
        boolean base64 = Boolean.TRUE.equals(event.getIsBase64Encoded());
        // Every character is at least one byte; every 4 base64 characters are at least 3 bytes.
        long lowerBound = base64 ? (long) body.length() / 4 * 3 - 2 : body.length();
        if (lowerBound > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] bytes = base64 ? decodeBase64(body) : encodeUtf8(body);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return Optional.of(bytes);
    }

    /** The prefix API Gateway puts before our paths (the stage, {@code /prod}), empty when there is none. */
    String basePath() {
        String full = event.getRequestContext() == null ? null : event.getRequestContext().getPath();
        String path = event.getPath();
        if (full == null || path == null || !full.endsWith(path)) {
            return "";
        }
        return full.substring(0, full.length() - path.length());
    }

    private static Problem.ProblemException tooLarge() {
        return Problem.of(Problem.Type.PAYLOAD_TOO_LARGE, "The request body is larger than " + MAX_BODY_BYTES
                + " bytes (64 KiB); requests are small JSON documents.").with("maxBytes", MAX_BODY_BYTES).exception();
    }

    private static byte[] decodeBase64(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("body", "INVALID_BASE64", "The body is marked base64-encoded but is not valid base64.")
                    .exception();
        }
    }

    private static byte[] encodeUtf8(String body) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer encoded = encoder.encode(CharBuffer.wrap(body));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw Problem.invalid("body", "INVALID_UTF8", "The body is not valid UTF-8 text (it contains an unpaired"
                    + " surrogate).").exception();
        }
    }

    /** The bytes as text; anything but well-formed UTF-8 is a 400. */
    static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw Problem.invalid("body", "INVALID_UTF8", "The body is not valid UTF-8 (bad byte sequence near byte "
                    + buffer.position() + ").").exception();
        }
    }
}
