package io.egressallowlist.cli;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HTTP calls to the request API. Against AWS every call is signed with SigV4 (service
 * {@code execute-api}) using the SDK's own signer and the default credentials; against the local sandbox
 * (a loopback endpoint) nothing is signed and the caller's identity travels in a header the sandbox's
 * API front reads in place of IAM.
 */
final class ApiClient {

    /** The header the sandbox's API front takes the caller's IAM identity from. */
    static final String SANDBOX_CALLER_HEADER = "X-Egress-Caller-Arn";
    private static final Set<String> UNSIGNED_HEADERS = Set.of("host", "content-length", "connection");

    /** A response: status and body text. */
    record Response(int status, String body, Map<String, List<String>> headers) {
    }

    /** The API could not be reached at all. */
    static final class UnreachableException extends Exception {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final boolean sandbox;
    private final String sandboxCaller;
    private final String region;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(URI base, String sandboxCaller, String region) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.sandbox = isLoopback(base);
        this.sandboxCaller = sandboxCaller;
        this.region = region;
    }

    boolean isSandbox() {
        return sandbox;
    }

    URI base() {
        return base;
    }

    Response call(String method, String pathAndQuery, String jsonBody) throws UnreachableException {
        URI uri = base.resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        String body = jsonBody == null ? "" : jsonBody;
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (sandbox) {
            if (sandboxCaller != null && !sandboxCaller.isBlank()) {
                request.header(SANDBOX_CALLER_HEADER, sandboxCaller);
            }
        } else {
            sign(method, uri, body, jsonBody != null).forEach(request::header);
        }
        request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UnreachableException("cannot reach " + base + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", e);
        }
    }

    /** SigV4 headers for one request (aws-api-notes §3: private APIs use IAM auth). */
    Map<String, String> sign(String method, URI uri, String body, boolean hasBody) {
        AwsCredentialsIdentity credentials = DefaultCredentialsProvider.builder().build().resolveIdentity().join();
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(uri)
                .putHeader("Accept", "application/json");
        if (hasBody) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            if (!UNSIGNED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(name, String.join(",", values));
            }
        });
        return headers;
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }
}
