package io.egressallowlist.emulators.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.secretsmanager.SecretsManagerEmulator;
import io.egressallowlist.emulators.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What every awsJson emulator shares through its protocol base: routing, content types and error shapes. */
class AwsJsonProtocolServiceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EventBridgeEmulator eventBridge;
    private static AwsJsonServer server;

    @BeforeAll
    static void start() throws IOException {
        eventBridge = EventBridgeEmulator.synchronous();
        server = AwsJsonServer.start(0, new NetworkFirewallEmulator(), SageMakerEmulator.create(), eventBridge,
                new SecretsManagerEmulator());
    }

    @AfterAll
    static void stop() {
        server.close();
        eventBridge.close();
    }

    @AfterEach
    void clearFaults() {
        services().forEach(service -> server.faults(((AwsJsonProtocol) service.get()[0]).targetPrefix()).reset());
    }

    static Stream<Arguments> services() {
        return Stream.of(
                arguments(NetworkFirewallEmulator.PROTOCOL, "application/x-amz-json-1.0",
                        "com.amazonaws.networkfirewall#", "InternalServerError"),
                arguments(SageMakerEmulator.PROTOCOL, "application/x-amz-json-1.1", "", "InternalFailure"),
                arguments(EventBridgeEmulator.PROTOCOL, "application/x-amz-json-1.1", "", "InternalException"),
                arguments(SecretsManagerEmulator.PROTOCOL, "application/x-amz-json-1.1", "", "InternalServiceError"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void anOperationTheEmulatorDoesNotImplementIsAnUnknownOperationInTheServicesOwnErrorShape(
            AwsJsonProtocol protocol, String contentType, String typePrefix, String internalError) {
        HttpResponse<String> response = call(protocol, "DeleteEverything", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        JsonNode body = RawHttp.json(response);
        assertThat(body.path("__type").asText()).isEqualTo(typePrefix + "UnknownOperationException");
        assertThat(body.path("Message").asText()).contains("DeleteEverything");
        assertThat(server.calls().calls()).last().isEqualTo(
                new CallLog.Call(protocol.targetPrefix(), "DeleteEverything", "UnknownOperationException"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void injectedFaultsCarryTheServicesThrottlingAndInternalErrorNames(
            AwsJsonProtocol protocol, String contentType, String typePrefix, String internalError) {
        server.faults(protocol.targetPrefix()).throttleNext(1).internalErrorNext(1);

        HttpResponse<String> throttled = call(protocol, "AnyOperation", "{}");
        HttpResponse<String> failed = call(protocol, "AnyOperation", "{}");

        assertThat(throttled.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(throttled).path("__type").asText()).isEqualTo(typePrefix + "ThrottlingException");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue(contentType);
        assertThat(RawHttp.json(failed).path("__type").asText()).isEqualTo(typePrefix + internalError);
    }

    @ParameterizedTest
    @MethodSource("services")
    void aBodyThatIsNotAJsonObjectIsASerializationException(
            AwsJsonProtocol protocol, String contentType, String typePrefix, String internalError) {
        HttpResponse<String> response = call(protocol, "AnyOperation", "[1, 2]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response).path("__type").asText()).isEqualTo(typePrefix + "SerializationException");
    }

    @Test
    void aTargetNoServiceAnswersIsAnUnknownOperationWithTheBareName() {
        HttpResponse<String> response = RawHttp.awsJson11(server.endpoint(), "Route53_20130401.ListHostedZones", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(RawHttp.json(response).path("__type").asText()).isEqualTo("UnknownOperationException");
    }

    @Test
    void eachEmulatorsAdminRefusesAnUnknownActionNamingTheKnownOnes() {
        for (String admin : new String[] {"network-firewall", "sagemaker", "eventbridge"}) {
            HttpResponse<String> response = RawHttp.admin(server.endpoint(), admin + "/explode", "{}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(RawHttp.json(response).path("error").asText())
                    .contains("unknown action explode of " + admin).contains("reset");
        }
    }

    @Test
    void aProtocolRefusesATargetPrefixThatCannotBeRouted() {
        assertThatThrownBy(() -> AwsJsonProtocol.awsJson1_1("Bad.Prefix", "InternalFailure"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AwsJsonProtocol.awsJson1_1("", "InternalFailure"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpResponse<String> call(AwsJsonProtocol protocol, String operation, String body) {
        HttpRequest request = HttpRequest.newBuilder(server.endpoint().resolve("/"))
                .header("Content-Type", protocol.contentType())
                .header("X-Amz-Target", protocol.targetPrefix() + "." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
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
