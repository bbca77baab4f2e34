package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The ALERT log records Network Firewall writes, one per connection a rule alerted on ("Contents of a Network
 * Firewall log", https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-logging-contents.html):
 * a wrapper with {@code firewall_name}, {@code availability_zone}, {@code event_timestamp} (epoch seconds, a
 * string in the documented example) and {@code event}, the Suricata EVE {@code alert} record — {@code timestamp},
 * {@code flow_id}, {@code event_type}, {@code src_ip}/{@code src_port}, {@code dest_ip}/{@code dest_port},
 * {@code proto}, {@code app_proto}, {@code alert} ({@code action} "blocked" or "allowed", {@code signature_id},
 * {@code rev}, {@code signature}, {@code category}, {@code severity}) and the application metadata Suricata parsed:
 * {@code tls.sni} or {@code http.hostname} (Suricata's EVE JSON output format). Alerts are written for rules that
 * drop, reject or alert ("Logging network traffic from AWS Network Firewall").
 */
final class AlertRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The EVE timestamp as in the documented example, {@code 2020-10-13T22:10:01.006481+0000}. */
    private static final DateTimeFormatter EVE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx").withZone(ZoneOffset.UTC);

    private AlertRecords() {
    }

    /**
     * One record.
     *
     * @param flowId  Suricata's flow id, unique per connection
     * @param srcPort the connection's ephemeral source port
     * @param destIp  the server's address; the firewall never resolves names (aws-api-notes §1.4), so the emulator
     *                picks one from TEST-NET-1 (192.0.2.0/24)
     */
    static String record(String firewallName, String availabilityZone, Instant at, Flow flow, RuleHit hit, long flowId,
                         int srcPort, String destIp) {
        ObjectNode record = Json.object()
                .put("firewall_name", firewallName)
                .put("availability_zone", availabilityZone)
                .put("event_timestamp", Long.toString(at.getEpochSecond()));
        ObjectNode event = record.putObject("event")
                .put("timestamp", EVE_TIME.format(at))
                .put("flow_id", flowId)
                .put("event_type", "alert")
                .put("src_ip", flow.sourceIp())
                .put("src_port", srcPort)
                .put("dest_ip", destIp)
                .put("dest_port", flow.protocol().port())
                .put("proto", "TCP")
                .put("app_proto", flow.protocol().appProto());
        event.putObject("alert")
                .put("action", hit.action().blocks() ? "blocked" : "allowed")
                .put("signature_id", hit.signatureId())
                .put("rev", 1)
                .put("signature", hit.signature())
                .put("category", "")
                .put("severity", hit.severity());
        if (flow.protocol() == Flow.Protocol.TLS) {
            // Dropped at the ClientHello: the SNI is known, the negotiated version is not.
            event.putObject("tls").put("sni", flow.domain()).put("version", "UNDETERMINED");
        } else {
            event.putObject("http").put("hostname", flow.domain()).put("url", "/")
                    .put("http_user_agent", "python-requests/2.32.3").put("http_method", "GET")
                    .put("protocol", "HTTP/1.1").put("length", 0);
        }
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert record could not be written", e);
        }
    }
}
