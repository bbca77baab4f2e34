package io.egressallowlist.functions.alertingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.domain.AlertRecord;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.SourceAddress;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the firewall's alert records (Suricata EVE JSON in Network Firewall's wrapper, aws-api-notes §9:
 * {@code {"firewall_name", "availability_zone", "event_timestamp", "event": {"event_type": "alert", "src_ip",
 * "timestamp", "alert": {"action", "signature"}, "tls": {"sni"}, "http": {"hostname"}}}}). A record that is not
 * such an alert, is truncated, or names no host is skipped and counted by reason; nothing in a record is trusted
 * beyond being data. An alert whose signature starts with {@link AlertRecord#LEARN_SIGNATURE_PREFIX} was written by a
 * learning scope's rules: the flow passed and is recorded as would-have-been-blocked, so the firewall must have let it
 * through ({@code "action": "allowed"}); one that says otherwise is skipped.
 */
final class EveAlerts {

    /** Suricata's timestamp, {@code 2026-11-20T10:15:02.123456+0000}. */
    private static final DateTimeFormatter EVE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][.SSS]Z");
    /** A record longer than this is not one the firewall wrote. */
    static final int MAX_RECORD_CHARS = 64 * 1024;

    /** The alerts read and the records skipped, by reason. */
    record Parsed(List<AlertRecord> alerts, Map<String, Integer> skipped) {
        int skippedCount() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final ObjectMapper json;

    EveAlerts(ObjectMapper json) {
        this.json = json;
    }

    Parsed parse(List<SubscriptionData.LogEvent> events) {
        List<AlertRecord> alerts = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (SubscriptionData.LogEvent event : events) {
            Optional<String> refusal = read(event, alerts);
            refusal.ifPresent(reason -> skipped.merge(reason, 1, Integer::sum));
        }
        return new Parsed(alerts, skipped);
    }

    /** Adds the event's alert to {@code alerts}; otherwise the reason it was skipped. */
    private Optional<String> read(SubscriptionData.LogEvent event, List<AlertRecord> alerts) {
        if (event.id() == null || event.id().isEmpty() || event.id().length() > 256 || event.message() == null) {
            return Optional.of("noLogEventId");
        }
        if (event.message().length() > MAX_RECORD_CHARS) {
            return Optional.of("oversized");
        }
        JsonNode record;
        try {
            record = json.readTree(event.message());
        } catch (IOException e) {
            return Optional.of("malformed");
        }
        JsonNode eve = record == null ? null : record.path("event");
        if (eve == null || !eve.isObject()) {
            return Optional.of("malformed");
        }
        if (!"alert".equals(eve.path("event_type").asText())) {
            return Optional.of("notAnAlert");
        }
        Optional<SourceAddress> source = SourceAddress.parse(eve.path("src_ip").asText(null));
        if (source.isEmpty()) {
            return Optional.of("noSourceAddress");
        }
        boolean tls = eve.path("tls").path("sni").isTextual();
        String hostText = tls ? eve.path("tls").path("sni").asText() : eve.path("http").path("hostname").asText(null);
        Optional<BlockedHost> host = BlockedHost.of(hostText);
        if (host.isEmpty()) {
            return Optional.of("noHost");
        }
        JsonNode signature = eve.path("alert").path("signature");
        boolean learning = signature.isTextual() && signature.asText().startsWith(AlertRecord.LEARN_SIGNATURE_PREFIX);
        if (learning && !"allowed".equals(eve.path("alert").path("action").asText())) {
            return Optional.of("learningNotAllowed");
        }
        alerts.add(new AlertRecord(event.id(), time(eve, record, event), source.get(), host.get(), tls ? "TLS" : "HTTP",
                learning));
        return Optional.empty();
    }

    /** The flow's time: the EVE timestamp, else the wrapper's event_timestamp (epoch s), else the log event's. */
    private static Instant time(JsonNode eve, JsonNode record, SubscriptionData.LogEvent event) {
        try {
            return OffsetDateTime.parse(eve.path("timestamp").asText(""), EVE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            long seconds = record.path("event_timestamp").asLong(0);
            return seconds > 0 ? Instant.ofEpochSecond(seconds) : Instant.ofEpochMilli(Math.max(0, event.timestamp()));
        }
    }
}
