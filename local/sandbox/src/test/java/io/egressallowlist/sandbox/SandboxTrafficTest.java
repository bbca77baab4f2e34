package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.cloudwatchlogs.LogSubscription;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.testbed.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /_sandbox/traffic}: a sample workload's traffic through the firewall emulator, its alerts delivered to
 * alert-ingest as the CloudWatch Logs subscription delivers them.
 */
class SandboxTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    @Test
    void anAllowListedDomainProducesNoAlertAndReachesNoFunction() {
        int before = traffic().delivered().size();

        JsonNode answer = ok("{\"profile\": \"alice-data-scientist\", \"domain\": \"pypi.org\", \"count\": 3}");

        assertThat(answer.path("allowed").asBoolean()).isTrue();
        assertThat(answer.path("alerts").asInt()).isZero();
        assertThat(answer.path("sourceIp").asText()).isEqualTo(Ec2Samples.DATA_SCIENTIST_APP_ADDRESS);
        assertThat(answer.path("deliveries").asInt()).isZero();
        assertThat(traffic().delivered()).hasSize(before);
    }

    @Test
    void aBlockedDomainsAlertsReachAlertIngestFromTheProfilesAppAddress() {
        JsonNode answer = ok("{\"profile\": \"alice-data-scientist\", \"domain\": \"example.net\", \"count\": 3,"
                + " \"protocol\": \"TLS\"}");

        assertThat(answer.path("allowed").asBoolean()).isFalse();
        assertThat(answer.path("alerts").asInt()).isEqualTo(3);
        assertThat(answer.path("sourceIp").asText()).isEqualTo(Ec2Samples.DATA_SCIENTIST_APP_ADDRESS);
        assertThat(answer.path("profile").asText()).isEqualTo("alice-data-scientist");
        assertThat(answer.path("deliveries").asInt()).isEqualTo(1);
        assertThat(answer.path("ingested")).singleElement().satisfies(ingested -> {
            assertThat(ingested.path("trigger").asText()).isEqualTo("alert-log");
            assertThat(ingested.path("messageType").asText()).isEqualTo("DATA_MESSAGE");
            assertThat(ingested.path("records").asInt()).isEqualTo(3);
        });

        JsonNode data = LogSubscription.decode(last(traffic().delivered()));
        assertThat(data.path("logGroup").asText()).isEqualTo(Testbed.ALERT_LOG_GROUP);
        assertThat(data.path("logStream").asText()).endsWith("us-east-1a");
        List<JsonNode> records = StreamSupport.stream(data.path("logEvents").spliterator(), false)
                .map(event -> json(event.path("message").asText())).toList();
        assertThat(records).hasSize(3).allSatisfy(record -> {
            assertThat(record.path("availability_zone").asText()).isEqualTo("us-east-1a");
            assertThat(record.path("event").path("src_ip").asText()).isEqualTo(Ec2Samples.DATA_SCIENTIST_APP_ADDRESS);
            assertThat(record.path("event").path("tls").path("sni").asText()).isEqualTo("example.net");
            assertThat(record.path("event").path("alert").path("action").asText()).isEqualTo("blocked");
        });
    }

    @Test
    void httpTrafficFromASourceAddressIsJudgedOnItsHostHeader() {
        JsonNode answer = ok("{\"sourceIp\": \"" + Ec2Samples.ANALYST_APP_ADDRESS + "\", \"domain\": \"example.org\","
                + " \"protocol\": \"HTTP\"}");

        assertThat(answer.path("allowed").asBoolean()).isFalse();
        assertThat(answer.path("alerts").asInt()).isEqualTo(1);
        assertThat(answer.has("profile")).isFalse();
        JsonNode record = json(LogSubscription.decode(last(traffic().delivered())).path("logEvents").get(0)
                .path("message").asText());
        assertThat(record.path("event").path("http").path("hostname").asText()).isEqualTo("example.org");
        assertThat(record.path("event").path("dest_port").asInt()).isEqualTo(80);
        assertThat(record.path("availability_zone").asText()).isEqualTo("us-east-1b");
    }

    @Test
    void aRedeliveredBatchReachesAlertIngestAgainWithTheSameEventIds() {
        ok("{\"profile\": \"alice-data-scientist\", \"domain\": \"twice.example.net\", \"count\": 2}");
        String first = last(traffic().delivered());

        HttpResponse<String> redelivered = post("/_sandbox/traffic/redeliver", "");

        assertThat(redelivered.statusCode()).isEqualTo(200);
        assertThat(json(redelivered.body()).path("ingested")).hasSize(1);
        assertThat(last(traffic().delivered())).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"domain\": \"example.net\"}",
            "{\"profile\": \"alice-data-scientist\", \"sourceIp\": \"10.0.1.23\", \"domain\": \"example.net\"}",
            "{\"profile\": \"alice-data-scientist\"}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"\"}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"exa mple.net\"}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"bücher.example\"}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"example.net\", \"count\": 0}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"example.net\", \"count\": 1001}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"example.net\", \"count\": \"3\"}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"example.net\", \"count\": 2.5}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"example.net\", \"protocol\": \"FTP\"}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"example.net\", \"protocol\": \"tls\"}",
            "{\"profile\": \"alice-data-scientist\", \"domain\": \"example.net\", \"cuont\": 3}",
            "{\"sourceIp\": \"10.0.1\", \"domain\": \"example.net\"}",
            "{\"sourceIp\": 10, \"domain\": \"example.net\"}",
            "[\"profile\", \"alice-data-scientist\"]",
            "{\"profile\": \"alice-data-scientist\", \"domain\": "})
    void badInputIsA400WithAClearProblemAndSendsNothing(String body) {
        int before = traffic().delivered().size();

        HttpResponse<String> response = post("/_sandbox/traffic", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("title").asText()).isEqualTo("Sandbox request refused");
        assertThat(json(response.body()).path("detail").asText()).isNotBlank();
        assertThat(traffic().delivered()).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nobody-here", "carol-experimenter"})
    void aProfileWithoutARunningAppIsA404(String profile) {
        HttpResponse<String> response = post("/_sandbox/traffic",
                "{\"profile\": \"" + profile + "\", \"domain\": \"example.net\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).path("detail").asText()).contains(profile).contains("alice-data-scientist");
    }

    private static SandboxTraffic traffic() {
        return e2e.plane().traffic();
    }

    private static JsonNode ok(String body) {
        HttpResponse<String> response = post("/_sandbox/traffic", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static HttpResponse<String> post(String path, String body) {
        return e2e.send(HttpRequest.newBuilder(e2e.plane().frontUrl().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
