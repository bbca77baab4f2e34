package io.egressallowlist.emulators.cloudwatchlogs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A CloudWatch Logs subscription filter with a Lambda function as its destination: log events written to one
 * log stream reach the subscriber the way Lambda receives them ("Using CloudWatch Logs subscription filters",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html; aws-api-notes §9): the event
 * is {@code {"awslogs":{"data":"<base64 of gzip>"}}}, and the data decodes to {@code {"messageType":
 * "DATA_MESSAGE", "owner", "logGroup", "logStream", "subscriptionFilters": [...], "logEvents": [{"id",
 * "timestamp", "message"}]}}. Many events arrive in one invocation; each event's id is unique (CloudWatch's are
 * 56-digit decimal strings). Delivery is at least once: {@link #redeliverLast} sends the last batch again, as a
 * retried invocation would.
 *
 * <p>Thread-safe.
 */
public final class LogSubscription {

    /** CloudWatch Logs takes at most 10,000 events per PutLogEvents batch; a delivery batch holds no more here. */
    public static final int MAX_EVENTS_PER_BATCH = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Consumer<String> subscriber;
    private final Clock clock;
    private long sequence;
    private String lastDelivery;

    /**
     * Where the events come from and how they are batched.
     *
     * @param owner         the account that owns the log group
     * @param filterName    the subscription filter's name, listed in {@code subscriptionFilters}
     * @param eventsPerBatch log events per invocation, 1 to {@value #MAX_EVENTS_PER_BATCH}
     */
    public record Settings(String owner, String logGroup, String logStream, String filterName, int eventsPerBatch) {
        public Settings {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(logGroup, "logGroup");
            Objects.requireNonNull(logStream, "logStream");
            Objects.requireNonNull(filterName, "filterName");
            if (eventsPerBatch < 1 || eventsPerBatch > MAX_EVENTS_PER_BATCH) {
                throw new IllegalArgumentException("events per batch must be 1.." + MAX_EVENTS_PER_BATCH
                        + ", got " + eventsPerBatch);
            }
        }
    }

    /**
     * @param subscriber receives each invocation's event, the JSON text of {@code {"awslogs":{"data":…}}}
     */
    public LogSubscription(Settings settings, Consumer<String> subscriber, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes {@code messages} to the log stream and delivers them in batches of at most
     * {@link Settings#eventsPerBatch()} events, in order. Answers the events delivered.
     */
    public synchronized List<String> deliver(List<String> messages) {
        List<String> delivered = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += settings.eventsPerBatch()) {
            List<String> batch = messages.subList(from, Math.min(messages.size(), from + settings.eventsPerBatch()));
            lastDelivery = event(batch);
            subscriber.accept(lastDelivery);
            delivered.add(lastDelivery);
        }
        return delivered;
    }

    /** Delivers the last batch again, unchanged (same log event ids), as at-least-once delivery may. */
    public synchronized void redeliverLast() {
        if (lastDelivery == null) {
            throw new IllegalStateException("nothing was delivered yet");
        }
        subscriber.accept(lastDelivery);
    }

    public Settings settings() {
        return settings;
    }

    /** The decoded {@code awslogs.data} of an event this class delivered: base64, then gzip, then JSON. */
    public static JsonNode decode(String event) {
        try {
            byte[] gzipped = Base64.getDecoder().decode(JSON.readTree(event).path("awslogs").path("data").asText());
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
                return JSON.readTree(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String event(List<String> messages) {
        long now = clock.millis();
        ObjectNode data = JSON.createObjectNode()
                .put("messageType", "DATA_MESSAGE")
                .put("owner", settings.owner())
                .put("logGroup", settings.logGroup())
                .put("logStream", settings.logStream());
        data.putArray("subscriptionFilters").add(settings.filterName());
        ArrayNode events = data.putArray("logEvents");
        for (String message : messages) {
            events.addObject().put("id", nextEventId(now)).put("timestamp", now).put("message", message);
        }
        ObjectNode event = JSON.createObjectNode();
        event.putObject("awslogs").put("data", Base64.getEncoder().encodeToString(gzip(data)));
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A 56-digit decimal id, unique per event: CloudWatch's ids have this shape and are opaque, so the emulator
     * only keeps the shape and the uniqueness — the time in milliseconds, the stream's hash and a sequence.
     */
    private String nextEventId(long millis) {
        sequence++;
        long stream = Integer.toUnsignedLong((settings.logGroup() + "/" + settings.logStream()).hashCode());
        return String.format("%013d%010d%033d", millis, stream, sequence);
    }

    private static byte[] gzip(JsonNode data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(JSON.writeValueAsString(data).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
