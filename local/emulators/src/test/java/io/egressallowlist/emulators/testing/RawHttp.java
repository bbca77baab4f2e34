package io.egressallowlist.emulators.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP calls to an emulator: the admin API, and AWS calls when a test checks the wire format. */
public final class RawHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** {@code POST /_emulator/<path>} with a JSON body. */
    public static HttpResponse<String> admin(URI endpoint, String path, String jsonBody) {
        return send(HttpRequest.newBuilder(endpoint.resolve("/_emulator/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build());
    }

    /** An unsigned awsJson1_1 call, as it appears on the wire. */
    public static HttpResponse<String> awsJson11(URI endpoint, String target, String jsonBody) {
        return awsJson(endpoint, "application/x-amz-json-1.1", target, jsonBody);
    }

    /** An unsigned awsJson call with the given content type, as it appears on the wire. */
    public static HttpResponse<String> awsJson(URI endpoint, String contentType, String target, String jsonBody) {
        return send(HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", contentType)
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build());
    }

    /** An unsigned Query-protocol call (EC2), a form-encoded body, as it appears on the wire. */
    public static HttpResponse<String> query(URI endpoint, String formBody) {
        return send(HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(formBody))
                .build());
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
