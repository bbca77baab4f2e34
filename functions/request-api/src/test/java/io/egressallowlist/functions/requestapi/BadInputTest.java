package io.egressallowlist.functions.requestapi;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.functions.requestapi.ApiFixture.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every kind of bad input gets a precise problem and changes nothing. */
@ExtendWith(DynaliteExtension.class)
class BadInputTest {

    private ApiFixture api;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        api = new ApiFixture(dynalite, dynamo).withBaseline();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                arguments("malformed JSON", "{\"domain\": \"a.com\",", "body", "MALFORMED_JSON"),
                arguments("an array", "[\"huggingface.co\"]", "body", "NOT_AN_OBJECT"),
                arguments("a bare string", "\"huggingface.co\"", "body", "NOT_AN_OBJECT"),
                arguments("JSON null", "null", "body", "NOT_AN_OBJECT"),
                arguments("an unknown field", "{\"domain\":\"a.com\",\"justification\":\"x\",\"approver\":\"me\"}",
                        "approver", "UNKNOWN_FIELD"),
                arguments("a duplicate field", "{\"domain\":\"a.com\",\"domain\":\"b.com\",\"justification\":\"x\"}",
                        "body", "MALFORMED_JSON"),
                arguments("a number for a string", "{\"domain\":42,\"justification\":\"x\"}", "domain", "WRONG_TYPE"),
                arguments("an object for a string", "{\"domain\":{\"name\":\"a.com\"},\"justification\":\"x\"}",
                        "domain", "WRONG_TYPE"),
                arguments("a string for a number", "{\"domain\":\"a.com\",\"justification\":\"x\",\"durationDays\":\"14\"}",
                        "durationDays", "WRONG_TYPE"),
                arguments("a decimal for a number", "{\"domain\":\"a.com\",\"justification\":\"x\",\"durationDays\":1.5}",
                        "durationDays", "WRONG_TYPE"),
                arguments("a boolean for a string", "{\"domain\":true,\"justification\":\"x\"}", "domain", "WRONG_TYPE"),
                arguments("a missing domain", "{\"justification\":\"x\"}", "domain", "MISSING"),
                arguments("a null domain", "{\"domain\":null,\"justification\":\"x\"}", "domain", "MISSING"),
                arguments("a missing justification", "{\"domain\":\"huggingface.co\"}", "justification", "MISSING"),
                arguments("a blank justification", "{\"domain\":\"huggingface.co\",\"justification\":\"  \"}",
                        "justification", "MISSING"),
                arguments("a zero duration", "{\"domain\":\"a.com\",\"justification\":\"x\",\"durationDays\":0}",
                        "durationDays", "OUT_OF_RANGE"),
                arguments("deep nesting", "{\"domain\":[[[[[[\"a.com\"]]]]]],\"justification\":\"x\"}", "body", "TOO_DEEP"),
                arguments("trailing content", "{\"domain\":\"a.com\",\"justification\":\"x\"} {}", "body", "MALFORMED_JSON"),
                arguments("a URL for a domain", "{\"domain\":\"https://huggingface.co/x\",\"justification\":\"x\"}",
                        "domain", "URL_SCHEME"),
                arguments("a public suffix", "{\"domain\":\"*.co.uk\",\"justification\":\"x\"}", "domain",
                        "WILDCARD_OVER_PUBLIC_SUFFIX"),
                arguments("an IP address", "{\"domain\":\"10.0.0.1\",\"justification\":\"x\"}", "domain", "IP_ADDRESS"),
                arguments("a too long justification", "{\"domain\":\"a.com\",\"justification\":\"" + "x".repeat(1001)
                        + "\"}", "justification", "TOO_LONG"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("badBodies")
    void aBadBodyIsRefusedWith400NamingTheFieldAndStoresNothing(String what, String body, String field, String reason) {
        Response response = api.call(Call.post("/requests").as(ALICE).json(body));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:egress-allowlist:problem:invalid-request");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("reason").asText()).isEqualTo(reason);
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(response.json().get("requestId").asText()).isNotBlank();
        assertThat(api.storedRequests()).isEmpty();
        assertThat(api.published()).isEmpty();
    }

    @Test
    void anUnknownFieldIsNamedWithTheAcceptedOnes() {
        Response response = api.call(Call.post("/requests").as(ALICE)
                .json("{\"domain\":\"a.com\",\"justification\":\"x\",\"duration\":\"P14D\"}"));

        assertThat(response.json().get("detail").asText()).isEqualTo("Unknown field 'duration'; the accepted fields are"
                + " 'domain' (a string), 'durationDays' (an integer), 'justification' (a string).");
    }

    @Test
    void aBodyOver64KiBIsRefusedWith413BeforeItIsParsed() {
        String huge = "{" + "\"x\":".repeat(1) + "\"" + "a".repeat(70_000) + "\"";  // not even valid JSON

        Response response = api.call(Call.post("/requests").as(ALICE).json(huge));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("type").asText()).isEqualTo("urn:egress-allowlist:problem:payload-too-large");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aBase64BodyOver64KiBIsRefusedWith413() {
        Response response = api.call(Call.post("/requests").as(ALICE).header("Content-Type", "application/json")
                .base64Body(new byte[66_000]));

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void aBase64EncodedJsonBodyIsAccepted() {
        Response response = api.call(Call.post("/requests").as(ALICE).header("Content-Type", "application/json")
                .base64Body("{\"domain\":\"huggingface.co\",\"justification\":\"weights\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void aBodyThatIsNotUtf8IsRefused() {
        byte[] latin1 = "{\"domain\":\"caf\u00e9.com\",\"justification\":\"x\"}".getBytes(StandardCharsets.ISO_8859_1);

        Response response = api.call(Call.post("/requests").as(ALICE).header("Content-Type", "application/json")
                .base64Body(latin1));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("reason").asText()).isEqualTo("INVALID_UTF8");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aBodyMarkedBase64ThatIsNotIsRefused() {
        Response response = api.call(Call.post("/requests").as(ALICE).json("{not base64}")
                .with(event -> event.setIsBase64Encoded(true)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("reason").asText()).isEqualTo("INVALID_BASE64");
    }

    static Stream<String> wrongContentTypes() {
        return Stream.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1",
                "application/jsonp");
    }

    @ParameterizedTest(name = "Content-Type {0} is refused")
    @MethodSource("wrongContentTypes")
    void aBodyThatIsNotJsonIsRefusedWith415(String contentType) {
        Response response = api.call(Call.post("/requests").as(ALICE).header("Content-Type", contentType)
                .body("{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(415);
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aMissingContentTypeIsRefusedWith415() {
        Response response = api.call(Call.post("/requests").as(ALICE).body("{\"domain\":\"a.com\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void jsonWithAUtf8CharsetIsAccepted() {
        Response response = api.call(Call.post("/requests").as(ALICE).header("content-type", "Application/JSON; charset=UTF-8")
                .body("{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void anEmptyBodyIsRefused() {
        Response response = api.call(Call.post("/requests").as(ALICE).json(""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("body");
    }

    @Test
    void aCallWithoutAnIamIdentityIsRefusedWith403() {
        Response response = api.call(Call.post("/requests").json("{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("type").asText()).isEqualTo("urn:egress-allowlist:problem:authentication-required");
        assertThat(response.json().get("detail").asText()).contains("requires IAM authentication");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void anInvalidIdempotencyKeyIsRefused() {
        Response response = api.call(Call.post("/requests").as(ALICE).header("Idempotency-Key", "has spaces in it")
                .json("{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(api.storedRequests()).isEmpty();
    }

    @Test
    void aRepeatedIdempotencyKeyHeaderIsRefused() {
        Response response = api.call(Call.post("/requests").as(ALICE).header("Idempotency-Key", "a")
                .header("Idempotency-Key", "b").json("{\"domain\":\"huggingface.co\",\"justification\":\"x\"}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("reason").asText()).isEqualTo("REPEATED_HEADER");
    }

    @Test
    void anUnknownPathIs404AndAKnownPathWithAnotherMethodIs405() {
        Response unknown = api.call(Call.get("/domains").as(ALICE));
        Response wrongMethod = api.call(Call.method("PUT", "/requests").as(ALICE));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, POST");
    }

    @Test
    void aMalformedRequestIdIs400AndAnUnknownOneIs404() {
        Response malformed = api.call(Call.get("/requests/not-an-id").as(ALICE));
        Response unknown = api.call(Call.get("/requests/01JD8X3Q4T5V6W7X8Y9Z0ABCDE").as(ALICE));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("field").asText()).isEqualTo("id");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void problemsNeverCarryStackTracesOrInternalNames() {
        Response response = api.call(Call.post("/requests").as(ALICE).json("{\"domain\": [1, {\"a\": "));

        assertThat(response.raw().getBody()).doesNotContain("Exception", "com.fasterxml", "at io.", api.tables.requests(),
                ApiFixture.RULE_GROUP_ARN);
    }
}
