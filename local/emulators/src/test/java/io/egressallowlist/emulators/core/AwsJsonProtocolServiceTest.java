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
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every awsJson emulator shares through its protocol base: routing, content types and error shapes. */
class AwsJsonProtocolServiceTest {

    /** One emulated service and what its replies must look like, written out rather than read from the code. */
    record Service(AwsJsonProtocol protocol, String contentType, String typePrefix, String internalError) {
        @Override
        public String toString() {
            return protocol.targetPrefix();
        }
    }

    private static final List<Service> SERVICES = List.of(
            new Service(NetworkFirewallEmulator.PROTOCOL, "application/x-amz-json-1.0",
                    "com.amazonaws.networkfirewall#", "InternalServerError"),
            new Service(SageMakerEmulator.PROTOCOL, "application/x-amz-json-1.1", "", "InternalFailure"),
            new Service(EventBridgeEmulator.PROTOCOL, "application/x-amz-json-1.1", "", "InternalException"),
            new Service(SecretsManagerEmulator.PROTOCOL, "application/x-amz-json-1.1", "", "InternalServiceError"));

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
        SERVICES.forEach(service -> server.faults(service.protocol().targetPrefix()).reset());
    }

    static List<Service> services() {
        return SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void anOperationTheEmulatorDoesNotImplementIsAnUnknownOperationInTheServicesOwnErrorShape(Service service) {
        HttpResponse<String> response = call(service, "DeleteEverything", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(service.contentType());
        assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        JsonNode body = RawHttp.json(response);
        assertThat(body.path("__type").asText()).isEqualTo(service.typePrefix() + "UnknownOperationException");
        assertThat(body.path("Message").asText()).contains("DeleteEverything");
        assertThat(server.calls().calls()).last().isEqualTo(new CallLog.Call(service.protocol().targetPrefix(),
                "DeleteEverything", "UnknownOperationException"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void injectedFaultsCarryTheServicesThrottlingAndInternalErrorNames(Service service) {
        server.faults(service.protocol().targetPrefix()).throttleNext(1).internalErrorNext(1);

        HttpResponse<String> throttled = call(service, "AnyOperation", "{}");
        HttpResponse<String> failed = call(service, "AnyOperation", "{}");

        assertThat(throttled.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(throttled).path("__type").asText()).isEqualTo(service.typePrefix() + "ThrottlingException");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue(service.contentType());
        assertThat(RawHttp.json(failed).path("__type").asText()).isEqualTo(service.typePrefix() + service.internalError());
    }

    @ParameterizedTest
    @MethodSource("services")
    void aBodyThatIsNotAJsonObjectIsASerializationException(Service service) {
        HttpResponse<String> response = call(service, "AnyOperation", "[1, 2]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response).path("__type").asText()).isEqualTo(service.typePrefix() + "SerializationException");
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
        for (String admin : List.of("network-firewall", "sagemaker", "eventbridge")) {
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

    private static HttpResponse<String> call(Service service, String operation, String body) {
        return RawHttp.awsJson(server.endpoint(), service.contentType(),
                service.protocol().targetPrefix() + "." + operation, body);
    }
}
