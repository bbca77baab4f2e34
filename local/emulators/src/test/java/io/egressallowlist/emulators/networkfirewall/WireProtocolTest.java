package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.model.ResourceNotFoundException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a client without the Java SDK sees on the wire (aws-api-notes §1.1 and §8). */
class WireProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();

    @AfterEach
    void stop() {
        nfw.close();
    }

    @Test
    void clientErrorIsA400WithTheFullShapeIdAndARequestId() throws Exception {
        HttpResponse<String> response = call("DescribeRuleGroup", "{\"RuleGroupName\": \"ghost\", \"Type\": \"STATEFUL\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("__type").asText()).isEqualTo("com.amazonaws.networkfirewall#ResourceNotFoundException");
        assertThat(body.path("Message").asText()).contains("ghost");
    }

    @Test
    void invalidTokenIsA400InvalidTokenException() throws Exception {
        nfw.createAllowList("wire-token", 10, List.of("a.example"), TargetType.TLS_SNI);

        HttpResponse<String> response = call("UpdateRuleGroup", """
                {"RuleGroupName": "wire-token", "Type": "STATEFUL", "UpdateToken": "00000000-0000-4000-8000-000000000000",
                 "RuleGroup": {"RulesSource": {"RulesSourceList": {"Targets": ["b.example"], "TargetTypes": ["TLS_SNI"],
                 "GeneratedRulesType": "ALLOWLIST"}}}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("__type").asText())
                .isEqualTo("com.amazonaws.networkfirewall#InvalidTokenException");
    }

    @Test
    void injectedFaultIsA500InternalServerError() throws Exception {
        nfw.faults().internalErrorNext(1);

        HttpResponse<String> response = call("ListRuleGroups", "{}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).path("__type").asText()).isEqualTo("com.amazonaws.networkfirewall#InternalServerError");
    }

    @Test
    void injectedThrottleIsA400ThrottlingException() throws Exception {
        nfw.faults().throttleNext(1);

        HttpResponse<String> response = call("ListRuleGroups", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("__type").asText()).isEqualTo("com.amazonaws.networkfirewall#ThrottlingException");
    }

    @Test
    void timestampsAreEpochSecondsAsJsonNumbers() throws Exception {
        nfw.createAllowList("wire-time", 10, List.of("a.example"), TargetType.TLS_SNI);

        JsonNode body = JSON.readTree(call("DescribeRuleGroup", "{\"RuleGroupName\": \"wire-time\", \"Type\": \"STATEFUL\"}").body());

        JsonNode lastModified = body.path("RuleGroupResponse").path("LastModifiedTime");
        assertThat(lastModified.isNumber()).isTrue();
        assertThat(lastModified.asLong()).isEqualTo(EmulatedNetworkFirewall.START.getEpochSecond());
    }

    @Test
    void emptyBodyIsTakenAsAnEmptyInput() throws Exception {
        HttpResponse<String> response = call("ListRuleGroups", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("RuleGroups").isArray()).isTrue();
    }

    @Test
    void unknownOperationIsRefused() throws Exception {
        HttpResponse<String> response = call("DeleteFirewall", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("__type").asText()).endsWith("#UnknownOperationException");
    }

    @Test
    void memberOfTheWrongJsonTypeIsASerializationError() throws Exception {
        HttpResponse<String> response = call("ListRuleGroups", "{\"MaxResults\": \"ten\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("__type").asText()).endsWith("#SerializationException");
    }

    @Test
    void sdkExceptionCarriesTheRequestId() {
        assertThatThrownBy(() -> nfw.client.describeRuleGroup(r -> r.ruleGroupName("ghost").type(RuleGroupType.STATEFUL)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.requestId()).isNotBlank());
    }

    private HttpResponse<String> call(String operation, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(nfw.server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", NetworkFirewallEmulator.TARGET_PREFIX + "." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
