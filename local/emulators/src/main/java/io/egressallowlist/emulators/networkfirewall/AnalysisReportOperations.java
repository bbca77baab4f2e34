package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonProtocolService.Operation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * StartAnalysisReport, ListAnalysisReports and GetAnalysisReportResults over the traffic recorded with
 * {@link NetworkFirewallEmulator#recordTraffic}. Called with the emulator's lock held.
 */
record AnalysisReportOperations(NetworkFirewallState state, FirewallOperations firewalls) {

    /** Reports cover "the last 30 days of network traffic" (model doc of AnalysisReport). */
    static final Duration REPORT_WINDOW = Duration.ofDays(30);

    JsonNode start(ObjectNode input) {
        StoredFirewall firewall = firewalls.locate(input);
        String type = Json.text(input, "AnalysisType");
        requireEnabled(firewall, type);
        requireNoRecentReport(firewall, type);
        Instant now = state.now();
        Instant windowStart = now.minus(REPORT_WINDOW);
        StoredAnalysisReport report = new StoredAnalysisReport(state.newId(), firewall.arn(), type, now, windowStart, now,
                rows(state.trafficByFirewallArn.getOrDefault(firewall.arn().toString(), List.of()), type, windowStart, now));
        reports(firewall).add(report);
        return Json.object().put("AnalysisReportId", report.id());
    }

    JsonNode list(ObjectNode input) {
        StoredFirewall firewall = firewalls.locate(input);
        List<StoredAnalysisReport> reports = reports(firewall);
        List<Integer> positions = positions(reports.size());
        Page<Integer> page = Page.of(positions, AnalysisReportOperations::key, "ListAnalysisReports:" + firewall.arn(),
                Json.text(input, "NextToken"), Json.integer(input, "MaxResults"));
        ObjectNode output = Json.object();
        ArrayNode items = output.putArray("AnalysisReports");
        for (int position : page.items()) {
            StoredAnalysisReport report = reports.get(position);
            ObjectNode item = items.addObject()
                    .put("AnalysisReportId", report.id())
                    .put("AnalysisType", report.analysisType());
            item.set("ReportTime", Json.timestamp(report.reportTime()));
            item.put("Status", status(report));
        }
        if (page.nextToken() != null) {
            output.put("NextToken", page.nextToken());
        }
        return output;
    }

    JsonNode results(ObjectNode input) {
        StoredFirewall firewall = firewalls.locate(input);
        String id = Json.text(input, "AnalysisReportId");
        StoredAnalysisReport report = reports(firewall).stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> NetworkFirewallErrors.RESOURCE_NOT_FOUND.error("Firewall '" + firewall.name()
                        + "' has no analysis report " + id));
        String status = status(report);
        ObjectNode output = Json.object().put("Status", status);
        output.set("StartTime", Json.timestamp(report.startTime()));
        output.set("EndTime", Json.timestamp(report.endTime()));
        output.set("ReportTime", Json.timestamp(report.reportTime()));
        output.put("AnalysisType", report.analysisType());
        ArrayNode results = output.putArray("AnalysisReportResults");
        if (!status.equals("COMPLETED")) {
            return output;
        }
        Page<Integer> page = Page.of(positions(report.rows().size()), AnalysisReportOperations::key,
                "GetAnalysisReportResults:" + report.id(), Json.text(input, "NextToken"), Json.integer(input, "MaxResults"));
        page.items().forEach(position -> results.add(resultRow(report.rows().get(position))));
        if (page.nextToken() != null) {
            output.put("NextToken", page.nextToken());
        }
        return output;
    }

    private List<StoredAnalysisReport> reports(StoredFirewall firewall) {
        return state.reportsByFirewallArn.computeIfAbsent(firewall.arn().toString(), arn -> new ArrayList<>());
    }

    /** A report takes as long as a configuration sync to run: RUNNING, then COMPLETED. */
    private String status(StoredAnalysisReport report) {
        return state.stillSyncing(report.reportTime()) ? "RUNNING" : "COMPLETED";
    }

    /**
     * Traffic analysis has to be on for the firewall to have collected anything (CreateFirewall's
     * EnabledAnalysisTypes). The service's reply to a report on a type that is off is a guess.
     */
    private static void requireEnabled(StoredFirewall firewall, String type) {
        if (!firewall.enabledAnalysisTypes().contains(type)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("Firewall '" + firewall.name() + "' does not analyse " + type
                    + " traffic; enable it in the firewall's EnabledAnalysisTypes first");
        }
    }

    /** "You can generate up to one report per traffic type, per 30 day period" (model doc of AnalysisReport). */
    private void requireNoRecentReport(StoredFirewall firewall, String type) {
        if (!state.oneAnalysisReportPerTypePer30Days) {
            return;
        }
        Instant windowStart = state.now().minus(REPORT_WINDOW);
        reports(firewall).stream()
                .filter(r -> r.analysisType().equals(type) && r.reportTime().isAfter(windowStart))
                .findFirst()
                .ifPresent(recent -> {
                    throw NetworkFirewallErrors.INVALID_REQUEST.error("Firewall '" + firewall.name() + "' already has a " + type
                            + " analysis report from " + recent.reportTime() + "; one report per traffic type can be "
                            + "generated every 30 days");
                });
    }

    /** One row per domain over the window, most hits first. */
    private static List<StoredAnalysisReport.Row> rows(List<TrafficHit> traffic, String type, Instant from, Instant to) {
        Map<String, StoredAnalysisReport.Row> byDomain = new LinkedHashMap<>();
        for (TrafficHit hit : traffic) {
            if (hit.protocol().equals(type) && !hit.lastSeen().isBefore(from) && !hit.firstSeen().isAfter(to)) {
                byDomain.merge(hit.domain(), row(hit), AnalysisReportOperations::merge);
            }
        }
        return byDomain.values().stream()
                .sorted(Comparator.comparingInt(StoredAnalysisReport.Row::hits).reversed()
                        .thenComparing(StoredAnalysisReport.Row::domain))
                .toList();
    }

    /**
     * The model does not say which strings the service puts in Protocol ("the type of traffic captured");
     * the emulator reports the analysis type that saw the traffic.
     */
    private static StoredAnalysisReport.Row row(TrafficHit hit) {
        return new StoredAnalysisReport.Row(hit.domain(), hit.protocol(), hit.count(), hit.uniqueSources(),
                hit.firstSeen(), hit.lastSeen());
    }

    /** Source counts are added, as if the recorded hits came from different sources. */
    private static StoredAnalysisReport.Row merge(StoredAnalysisReport.Row a, StoredAnalysisReport.Row b) {
        return new StoredAnalysisReport.Row(a.domain(), a.protocol(), saturatedSum(a.hits(), b.hits()),
                saturatedSum(a.uniqueSources(), b.uniqueSources()),
                a.firstAccessed().isBefore(b.firstAccessed()) ? a.firstAccessed() : b.firstAccessed(),
                a.lastAccessed().isAfter(b.lastAccessed()) ? a.lastAccessed() : b.lastAccessed());
    }

    private static ObjectNode resultRow(StoredAnalysisReport.Row row) {
        ObjectNode result = Json.object().put("Protocol", row.protocol());
        result.set("FirstAccessed", Json.timestamp(row.firstAccessed()));
        result.set("LastAccessed", Json.timestamp(row.lastAccessed()));
        result.put("Domain", row.domain());
        result.putObject("Hits").put("Count", row.hits());
        result.putObject("UniqueSources").put("Count", row.uniqueSources());
        return result;
    }

    private static int saturatedSum(int a, int b) {
        return (int) Math.min((long) a + b, Integer.MAX_VALUE);
    }

    private static List<Integer> positions(int size) {
        List<Integer> positions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            positions.add(i);
        }
        return positions;
    }

    /** Zero-padded, so keys sort like the positions they name. */
    private static String key(int position) {
        return String.format("%010d", position);
    }

    /** The analysis report operations, by their names in {@code X-Amz-Target}. */
    Map<String, Operation> operations() {
        return Map.of("StartAnalysisReport", this::start, "ListAnalysisReports", this::list,
                "GetAnalysisReportResults", this::results);
    }
}
