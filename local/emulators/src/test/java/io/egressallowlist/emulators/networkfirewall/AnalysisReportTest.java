package io.egressallowlist.emulators.networkfirewall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.AnalysisReport;
import software.amazon.awssdk.services.networkfirewall.model.AnalysisTypeReportResult;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;
import software.amazon.awssdk.services.networkfirewall.model.GetAnalysisReportResultsResponse;
import software.amazon.awssdk.services.networkfirewall.model.InvalidRequestException;
import software.amazon.awssdk.services.networkfirewall.model.ResourceNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalysisReportTest {

    private static final Instant NOW = EmulatedNetworkFirewall.START;

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();
    private final NetworkFirewallClient client = nfw.client;

    @BeforeEach
    void firewallWithTlsAnalysis() {
        String policyArn = nfw.createPolicy("analysed-policy");
        client.createFirewall(r -> r.firewallName("analysed").firewallPolicyArn(policyArn).vpcId("vpc-0abc")
                .subnetMappings(m -> m.subnetId("subnet-0abc"))
                .enabledAnalysisTypes(EnabledAnalysisType.TLS_SNI));
    }

    @AfterEach
    void stop() {
        nfw.close();
    }

    @Test
    void reportCountsTheRecordedHitsPerDomainMostHitFirst() {
        nfw.emulator.recordTraffic("analysed", TrafficHit.of("pypi.org", "TLS_SNI", 3, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1))));
        nfw.emulator.recordTraffic("analysed", new TrafficHit("github.com", "TLS_SNI", 10, 4, NOW.minus(Duration.ofDays(5)), NOW));
        nfw.emulator.recordTraffic("analysed", TrafficHit.of("pypi.org", "TLS_SNI", 2, NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofHours(1))));
        nfw.emulator.recordTraffic("analysed", TrafficHit.of("plain.example", "HTTP_HOST", 50, NOW, NOW));

        String reportId = client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI))
                .analysisReportId();
        GetAnalysisReportResultsResponse report = client.getAnalysisReportResults(r -> r.firewallName("analysed").analysisReportId(reportId));

        assertThat(report.status()).isEqualTo("COMPLETED");
        assertThat(report.analysisType()).isEqualTo(EnabledAnalysisType.TLS_SNI);
        assertThat(report.reportTime()).isEqualTo(NOW);
        assertThat(report.startTime()).isEqualTo(NOW.minus(Duration.ofDays(30)));
        assertThat(report.endTime()).isEqualTo(NOW);
        assertThat(report.analysisReportResults()).extracting(AnalysisTypeReportResult::domain).containsExactly("github.com", "pypi.org");
        AnalysisTypeReportResult pypi = report.analysisReportResults().get(1);
        assertThat(pypi.hits().count()).isEqualTo(5);
        assertThat(pypi.uniqueSources().count()).isEqualTo(2);
        assertThat(pypi.firstAccessed()).isEqualTo(NOW.minus(Duration.ofDays(3)));
        assertThat(pypi.lastAccessed()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(pypi.protocol()).isEqualTo("TLS_SNI");
    }

    @Test
    void trafficOlderThanThirtyDaysIsLeftOut() {
        nfw.emulator.recordTraffic("analysed", TrafficHit.of("old.example", "TLS_SNI", 1, NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(31))));

        String reportId = client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI))
                .analysisReportId();

        assertThat(client.getAnalysisReportResults(r -> r.firewallName("analysed").analysisReportId(reportId))
                .analysisReportResults()).isEmpty();
    }

    @Test
    void resultsArePaginated() {
        IntStream.range(0, 7).forEach(i -> nfw.emulator.recordTraffic("analysed",
                TrafficHit.of("host-" + i + ".example", "TLS_SNI", 100 - i, NOW, NOW)));
        String reportId = client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI))
                .analysisReportId();

        List<String> domains = client.getAnalysisReportResultsPaginator(r -> r.firewallName("analysed")
                        .analysisReportId(reportId).maxResults(3))
                .analysisReportResults().stream().map(AnalysisTypeReportResult::domain).toList();

        assertThat(domains).containsExactlyElementsOf(IntStream.range(0, 7).mapToObj(i -> "host-" + i + ".example").toList());
        assertThat(client.getAnalysisReportResults(r -> r.firewallName("analysed").analysisReportId(reportId).maxResults(3))
                .nextToken()).isNotNull();
    }

    @Test
    void resultsTokenOfAnotherReportIsRefused() {
        IntStream.range(0, 3).forEach(i -> nfw.emulator.recordTraffic("analysed", TrafficHit.of("h" + i + ".example", "TLS_SNI", 1, NOW, NOW)));
        nfw.emulator.limitAnalysisReports(false);
        String first = client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI)).analysisReportId();
        String second = client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI)).analysisReportId();
        String token = client.getAnalysisReportResults(r -> r.firewallName("analysed").analysisReportId(first).maxResults(1)).nextToken();

        assertThatThrownBy(() -> client.getAnalysisReportResults(r -> r.firewallName("analysed").analysisReportId(second).nextToken(token)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void reportIsRunningUntilTheSyncDelayHasPassed() {
        nfw.emulator.syncDelay(Duration.ofSeconds(10));
        String reportId = client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI))
                .analysisReportId();

        assertThat(client.getAnalysisReportResults(r -> r.firewallName("analysed").analysisReportId(reportId)).status())
                .isEqualTo("RUNNING");
        nfw.clock.advance(Duration.ofSeconds(10));
        assertThat(client.getAnalysisReportResults(r -> r.firewallName("analysed").analysisReportId(reportId)).status())
                .isEqualTo("COMPLETED");
    }

    @Test
    void reportsAreListedWithTheirStatusAcrossPages() {
        nfw.emulator.limitAnalysisReports(false);
        List<String> ids = IntStream.range(0, 3).mapToObj(i -> client.startAnalysisReport(r -> r.firewallName("analysed")
                .analysisType(EnabledAnalysisType.TLS_SNI)).analysisReportId()).toList();

        List<AnalysisReport> listed = client.listAnalysisReportsPaginator(r -> r.firewallName("analysed").maxResults(2))
                .analysisReports().stream().toList();

        assertThat(listed).extracting(AnalysisReport::analysisReportId).containsExactlyElementsOf(ids);
        assertThat(listed).allSatisfy(report -> {
            assertThat(report.status()).isEqualTo("COMPLETED");
            assertThat(report.analysisType()).isEqualTo(EnabledAnalysisType.TLS_SNI);
        });
    }

    @Test
    void secondReportOfTheSameTypeWithinThirtyDaysIsRefused() {
        client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI));

        assertThatThrownBy(() -> client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("every 30 days");
        nfw.clock.advance(Duration.ofDays(30));
        assertThat(client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.TLS_SNI))
                .analysisReportId()).isNotBlank();
    }

    @Test
    void reportOnATypeTheFirewallDoesNotAnalyseIsRefused() {
        assertThatThrownBy(() -> client.startAnalysisReport(r -> r.firewallName("analysed").analysisType(EnabledAnalysisType.HTTP_HOST)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("EnabledAnalysisTypes");
    }

    @Test
    void unknownReportOrFirewallIsNotFound() {
        assertThatThrownBy(() -> client.getAnalysisReportResults(r -> r.firewallName("analysed").analysisReportId("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.startAnalysisReport(r -> r.firewallName("ghost").analysisType(EnabledAnalysisType.TLS_SNI)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.listAnalysisReports(r -> r.firewallArn(nfw.arn("firewall", "ghost"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void reportRequestWithoutFirewallOrTypeIsRefused() {
        assertThatThrownBy(() -> client.startAnalysisReport(r -> r.analysisType(EnabledAnalysisType.TLS_SNI)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Specify FirewallArn or FirewallName");
        assertThatThrownBy(() -> client.startAnalysisReport(r -> r.firewallName("analysed")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("AnalysisType");
    }

    @Test
    void trafficForAnUnknownFirewallOrProtocolIsRejectedByTheSwitch() {
        assertThatThrownBy(() -> nfw.emulator.recordTraffic("ghost", TrafficHit.of("a.example", "TLS_SNI", 1, NOW, NOW)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficHit.of("a.example", "DNS", 1, NOW, NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
