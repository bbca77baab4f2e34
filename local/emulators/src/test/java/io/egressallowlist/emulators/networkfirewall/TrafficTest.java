package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.networkfirewall.model.AnalysisTypeReportResult;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Traffic through the sample deployment: decided by the live rule group, alerts written as Network Firewall writes them. */
class TrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIREWALL = "fw";
    private static final String INSIDE = "10.0.1.23";

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();

    @BeforeEach
    void seed() {
        FirewallSeed.sampleDeployment("studio", List.of(".pypi.org", "files.pythonhosted.org"), "policy", FIREWALL)
                .seed(nfw.client);
    }

    @AfterEach
    void stop() {
        nfw.close();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({
            "pypi.org, TLS", "pypi.org, HTTP", "upload.pypi.org, TLS", "UPLOAD.PyPI.org, TLS",
            "files.pythonhosted.org, TLS", "Files.PythonHosted.org, HTTP"})
    void anAllowListedNameProducesNoAlert(String domain, Flow.Protocol protocol) {
        TrafficVerdict verdict = send(new Flow(INSIDE, domain, protocol, 2));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.alertRecords()).isEmpty();
        assertThat(verdict.decidedBy()).contains("studio").contains("pass");
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({
            "example.net, TLS", "badpypi.org, TLS", "pypi.org.evil.example, TLS", "cdn.files.pythonhosted.org, TLS",
            "example.net, HTTP"})
    void anyOtherNameIsBlockedWithOneAlertPerConnection(String domain, Flow.Protocol protocol) {
        TrafficVerdict verdict = send(new Flow(INSIDE, domain, protocol, 3));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.alertRecords()).hasSize(3);
        assertThat(verdict.alertRecords()).extracting(record -> json(record).path("event").path("flow_id").asLong())
                .doesNotHaveDuplicates();
    }

    @Test
    void aBlockedTlsAlertIsTheEveRecordNetworkFirewallWrites() {
        nfw.clock.set(java.time.Instant.parse("2026-01-15T10:00:01.006481Z"));

        JsonNode record = json(send(new Flow(INSIDE, "Example.NET", Flow.Protocol.TLS, 1)).alertRecords().get(0));

        assertThat(record.path("firewall_name").asText()).isEqualTo(FIREWALL);
        assertThat(record.path("availability_zone").asText()).startsWith(EmulatedNetworkFirewall.REGION);
        assertThat(record.path("event_timestamp").isTextual()).isTrue();
        assertThat(record.path("event_timestamp").asText()).isEqualTo("1768471201");
        JsonNode event = record.path("event");
        assertThat(event.path("timestamp").asText()).isEqualTo("2026-01-15T10:00:01.006481+0000");
        assertThat(event.path("event_type").asText()).isEqualTo("alert");
        assertThat(event.path("src_ip").asText()).isEqualTo(INSIDE);
        assertThat(event.path("src_port").asInt()).isBetween(1024, 65535);
        assertThat(event.path("dest_ip").asText()).startsWith("192.0.2.");
        assertThat(event.path("dest_port").asInt()).isEqualTo(443);
        assertThat(event.path("proto").asText()).isEqualTo("TCP");
        assertThat(event.path("app_proto").asText()).isEqualTo("tls");
        assertThat(event.path("flow_id").isIntegralNumber()).isTrue();
        JsonNode alert = event.path("alert");
        assertThat(alert.path("action").asText()).isEqualTo("blocked");
        assertThat(alert.path("signature").asText()).isEqualTo("not matching any TLS allowlisted FQDNs");
        assertThat(alert.path("signature_id").asInt()).isEqualTo(3);
        assertThat(alert.path("rev").asInt()).isEqualTo(1);
        assertThat(alert.path("severity").asInt()).isEqualTo(1);
        assertThat(alert.has("category")).isTrue();
        assertThat(event.path("tls").path("sni").asText()).as("as the client sent it").isEqualTo("Example.NET");
        assertThat(event.has("http")).isFalse();
    }

    @Test
    void aBlockedHttpAlertNamesTheHostOnPort80() {
        JsonNode event = json(send(new Flow(INSIDE, "example.net", Flow.Protocol.HTTP, 1)).alertRecords().get(0))
                .path("event");

        assertThat(event.path("dest_port").asInt()).isEqualTo(80);
        assertThat(event.path("app_proto").asText()).isEqualTo("http");
        assertThat(event.path("http").path("hostname").asText()).isEqualTo("example.net");
        assertThat(event.path("http").path("http_method").asText()).isEqualTo("GET");
        assertThat(event.path("alert").path("signature").asText()).isEqualTo("not matching any HTTP allowlisted FQDNs");
        assertThat(event.has("tls")).isFalse();
    }

    @Test
    void theLiveRuleGroupDecidesSoAnEditAllowsTheNextFlow() {
        assertThat(send(new Flow(INSIDE, "huggingface.co", Flow.Protocol.TLS, 1)).allowed()).isFalse();

        nfw.emulator.editOutOfBand("studio", TargetEdit.add(List.of("huggingface.co")));

        assertThat(send(new Flow(INSIDE, "huggingface.co", Flow.Protocol.TLS, 1)).alertRecords()).isEmpty();
        assertThat(send(new Flow(INSIDE, "cdn-lfs.huggingface.co", Flow.Protocol.TLS, 1)).allowed())
                .as("an exact target does not cover subdomains").isFalse();
    }

    @Test
    void aSourceOutsideHomeNetIsNotInspectedByTheGroupAndMeetsTheDefaultActions() {
        TrafficVerdict verdict = send(new Flow("172.16.0.5", "pypi.org", Flow.Protocol.TLS, 1));

        assertThat(verdict.allowed()).as("aws:drop_established drops what no rule passed").isFalse();
        assertThat(verdict.decidedBy()).contains("aws:drop_established");
        assertThat(verdict.alertRecords()).singleElement().satisfies(record -> {
            assertThat(json(record).path("event").path("alert").path("signature").asText()).contains("aws:alert_established");
            assertThat(json(record).path("event").path("alert").path("action").asText()).isEqualTo("blocked");
        });
    }

    @Test
    void aGroupInspectsOnlyTheProtocolsOfItsTargetTypes() {
        nfw.emulator.reset();
        FirewallSeed.sampleDeployment("tls-only", List.of("pypi.org"), "policy", FIREWALL)
                .targetTypes(List.of(TargetType.TLS_SNI)).seed(nfw.client);

        assertThat(send(new Flow(INSIDE, "pypi.org", Flow.Protocol.TLS, 1)).allowed()).isTrue();
        TrafficVerdict http = send(new Flow(INSIDE, "pypi.org", Flow.Protocol.HTTP, 1));
        assertThat(http.allowed()).as("no HTTP rule: the default action drops it").isFalse();
        assertThat(http.decidedBy()).contains("default action");
    }

    @Test
    void everyFlowCountsAsTrafficForTheAnalysisReports() {
        send(new Flow(INSIDE, "pypi.org", Flow.Protocol.TLS, 4));
        send(new Flow(INSIDE, "example.net", Flow.Protocol.TLS, 2));
        String firewallArn = nfw.client.describeFirewall(r -> r.firewallName(FIREWALL)).firewall().firewallArn();
        String reportId = nfw.client.startAnalysisReport(r -> r.firewallArn(firewallArn)
                .analysisType(EnabledAnalysisType.TLS_SNI)).analysisReportId();
        nfw.clock.advance(Duration.ofSeconds(1));

        List<AnalysisTypeReportResult> rows = nfw.client.getAnalysisReportResults(r -> r.firewallArn(firewallArn)
                .analysisReportId(reportId)).analysisReportResults();

        assertThat(rows).extracting(row -> row.domain() + "=" + row.hits().count())
                .containsExactlyInAnyOrder("pypi.org=4", "example.net=2");
    }

    @Test
    void theAdminApiSendsTrafficToo() {
        HttpResponse<String> response = RawHttp.admin(nfw.server.endpoint(), "network-firewall/send-traffic",
                "{\"firewallName\": \"fw\", \"sourceIp\": \"10.0.1.23\", \"domain\": \"example.net\", \"protocol\": \"HTTP\", \"count\": 2}");

        JsonNode answer = RawHttp.json(response);
        assertThat(answer.path("allowed").asBoolean()).isFalse();
        assertThat(answer.path("alertRecords")).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"not-an-ip | example.net | 1", "10.0.1.23 | '' | 1", "10.0.1.23 | a b | 1",
            "10.0.1.23 | example.net | 0"})
    void aFlowThatCannotExistIsRefused(String source, String domain, int count) {
        assertThatThrownBy(() -> new Flow(source, domain, Flow.Protocol.TLS, count))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private TrafficVerdict send(Flow flow) {
        return nfw.emulator.sendTraffic(FIREWALL, flow, null);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
