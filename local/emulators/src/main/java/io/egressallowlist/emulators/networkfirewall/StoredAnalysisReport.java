package io.egressallowlist.emulators.networkfirewall;

import java.time.Instant;
import java.util.List;

/**
 * A traffic analysis report: the traffic recorded for a firewall when the report was started, per domain.
 *
 * @param rows one row per domain, most hits first
 */
record StoredAnalysisReport(
        String id,
        ResourceArn firewallArn,
        String analysisType,
        Instant reportTime,
        Instant startTime,
        Instant endTime,
        List<Row> rows) {

    /** One domain in the report (model shape AnalysisTypeReportResult). */
    record Row(String domain, String protocol, int hits, int uniqueSources, Instant firstAccessed, Instant lastAccessed) {
    }
}
