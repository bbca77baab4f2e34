package io.egressallowlist.shared.firewall;

import io.egressallowlist.shared.domain.TrafficAnalysis;
import io.egressallowlist.shared.domain.TrafficEvidence;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.AnalysisReport;
import software.amazon.awssdk.services.networkfirewall.model.AnalysisTypeReportResult;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;
import software.amazon.awssdk.services.networkfirewall.model.GetAnalysisReportResultsResponse;
import software.amazon.awssdk.services.networkfirewall.model.InvalidRequestException;
import software.amazon.awssdk.services.networkfirewall.model.ListAnalysisReportsResponse;
import software.amazon.awssdk.services.networkfirewall.model.ResourceNotFoundException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evidence of use from Network Firewall traffic analysis reports. The rule group inspects both TLS SNI
 * and HTTP Host, so a complete report of each type is needed: an entry used only over HTTP would look
 * unused in a TLS-only report. A report covers the last 30 days and only one per type can be generated
 * every 30 days (model doc of {@code AnalysisReport}), so each call tries {@code StartAnalysisReport}
 * and otherwise, or while the new report is still running, reuses the newest completed one from
 * {@code ListAnalysisReports}. This class only reads; it never changes the firewall's configuration.
 */
public record NetworkFirewallTrafficAnalysis(NetworkFirewallClient client, String firewallName) implements TrafficAnalysis {

    static final List<EnabledAnalysisType> TYPES = List.of(EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST);
    private static final String COMPLETED = "COMPLETED";

    @Override
    public TrafficEvidence latest() {
        List<EnabledAnalysisType> enabled;
        try {
            enabled = client.describeFirewall(b -> b.firewallName(firewallName)).firewall().enabledAnalysisTypes();
        } catch (ResourceNotFoundException e) {
            return new TrafficEvidence.Unavailable("firewall " + firewallName + " does not exist (FIREWALL_NAME)");
        }
        List<Report> reports = new ArrayList<>();
        for (EnabledAnalysisType type : TYPES) {
            if (!enabled.contains(type)) {
                return new TrafficEvidence.Unavailable("firewall " + firewallName + " does not analyse " + type
                        + " traffic; enable TLS_SNI and HTTP_HOST in its EnabledAnalysisTypes to detect unused entries");
            }
            Optional<Report> report = completedReport(type);
            if (report.isEmpty()) {
                return new TrafficEvidence.Unavailable("no completed " + type + " analysis report yet for firewall "
                        + firewallName + "; one has been requested and will be used once it completes");
            }
            reports.add(report.get());
        }
        Instant from = reports.stream().map(Report::from).max(Comparator.naturalOrder()).orElseThrow();
        Instant to = reports.stream().map(Report::to).min(Comparator.naturalOrder()).orElseThrow();
        Map<String, Instant> lastSeen = new HashMap<>();
        reports.forEach(report -> report.lastSeen.forEach((domain, at) -> lastSeen.merge(domain, at,
                (a, b) -> a.isAfter(b) ? a : b)));
        return new TrafficEvidence.Observed(from, to, lastSeen, reports.stream().map(Report::id).toList());
    }

    /** A new report when one may be generated and is ready at once, else the newest completed one. */
    private Optional<Report> completedReport(EnabledAnalysisType type) {
        try {
            String started = client.startAnalysisReport(b -> b.firewallName(firewallName).analysisType(type))
                    .analysisReportId();
            Optional<Report> fresh = read(started);
            if (fresh.isPresent()) {
                return fresh;
            }
        } catch (InvalidRequestException onePerThirtyDays) {
            // One report per type per 30 days: fall back to the newest completed report below.
        }
        return newestCompleted(type).flatMap(report -> read(report.analysisReportId()));
    }

    private Optional<AnalysisReport> newestCompleted(EnabledAnalysisType type) {
        Optional<AnalysisReport> newest = Optional.empty();
        String token = null;
        do {
            String page = token;
            ListAnalysisReportsResponse response = client.listAnalysisReports(b -> b.firewallName(firewallName)
                    .nextToken(page));
            for (AnalysisReport report : response.analysisReports()) {
                if (report.analysisType() == type && COMPLETED.equals(report.status())
                        && (newest.isEmpty() || report.reportTime().isAfter(newest.get().reportTime()))) {
                    newest = Optional.of(report);
                }
            }
            token = response.nextToken();
        } while (token != null);
        return newest;
    }

    /** All result pages of a completed report; empty while it is still running. */
    private Optional<Report> read(String reportId) {
        Map<String, Instant> lastSeen = new HashMap<>();
        String token = null;
        GetAnalysisReportResultsResponse first = null;
        do {
            String page = token;
            GetAnalysisReportResultsResponse response = client.getAnalysisReportResults(b -> b
                    .firewallName(firewallName).analysisReportId(reportId).nextToken(page));
            if (!COMPLETED.equals(response.status())) {
                return Optional.empty();
            }
            if (first == null) {
                first = response;
            }
            for (AnalysisTypeReportResult row : response.analysisReportResults()) {
                if (row.domain() != null && row.lastAccessed() != null) {
                    lastSeen.merge(row.domain(), row.lastAccessed(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            token = response.nextToken();
        } while (token != null);
        return Optional.of(new Report(reportId, first.startTime(), first.endTime(), lastSeen));
    }

    private record Report(String id, Instant from, Instant to, Map<String, Instant> lastSeen) { }
}
