package io.egressallowlist.functions.alertingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The payload of a CloudWatch Logs subscription to Lambda (aws-api-notes §9): {@code awslogs.data} is the
 * base64 of the gzip of {@code {"messageType", "owner", "logGroup", "logStream", "subscriptionFilters",
 * "logEvents": [{"id", "timestamp", "message"}]}}. A {@code CONTROL_MESSAGE} only checks that the destination
 * is reachable and carries no log event.
 *
 * <p>Decompression is bounded ({@link #MAX_DECODED_BYTES}): the data is read by the function before anything
 * is trusted, so a small payload that inflates without end (a gzip bomb) is refused, not allocated.
 */
final class SubscriptionData {

    /**
     * What one delivery may inflate to. A batch of 10,000 alert records of about 800 bytes each, with the
     * envelope, is about 9 MiB; anything past this bound is not a batch the firewall wrote.
     */
    static final int MAX_DECODED_BYTES = 32 * 1024 * 1024;

    /** One log event: CloudWatch Logs' id (unique per event), its time (epoch ms) and the raw line. */
    record LogEvent(String id, long timestamp, String message) { }

    /** A decoded delivery: a data message with its events, or a control message. */
    record Batch(String messageType, String logGroup, List<LogEvent> events) {
        boolean isControlMessage() {
            return "CONTROL_MESSAGE".equals(messageType);
        }
    }

    /** The payload could not be read; the message says why, without echoing the payload. */
    static final class UnreadableData extends Exception {
        UnreadableData(String message) {
            super(message);
        }
    }

    private final ObjectMapper json;
    private final int maxDecodedBytes;

    SubscriptionData(ObjectMapper json, int maxDecodedBytes) {
        this.json = json;
        this.maxDecodedBytes = maxDecodedBytes;
    }

    Batch decode(String data) throws UnreadableData {
        if (data == null || data.isBlank()) {
            throw new UnreadableData("awslogs.data is empty");
        }
        byte[] gzip;
        try {
            gzip = Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new UnreadableData("awslogs.data is not base64");
        }
        return parse(inflate(gzip));
    }

    private byte[] inflate(byte[] gzip) throws UnreadableData {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxDecodedBytes, gzip.length * 8 + 64));
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (out.size() + read > maxDecodedBytes) {
                    throw new UnreadableData("awslogs.data inflates beyond " + maxDecodedBytes
                            + " bytes: refused as a decompression bomb, nothing was read from it");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UnreadableData("awslogs.data is not gzip (or is truncated): " + e.getClass().getSimpleName());
        }
    }

    private Batch parse(byte[] decoded) throws UnreadableData {
        JsonNode root;
        try {
            root = json.readTree(decoded);
        } catch (IOException e) {
            throw new UnreadableData("awslogs.data does not hold a JSON document");
        }
        if (root == null || !root.isObject() || !root.path("messageType").isTextual()) {
            throw new UnreadableData("awslogs.data holds no messageType");
        }
        List<LogEvent> events = new ArrayList<>();
        for (JsonNode event : root.path("logEvents")) {
            JsonNode id = event.path("id");
            JsonNode message = event.path("message");
            if (id.isTextual() && message.isTextual()) {
                events.add(new LogEvent(id.asText(), event.path("timestamp").asLong(0), message.asText()));
            } else {
                events.add(new LogEvent(id.isTextual() ? id.asText() : null, 0, null));
            }
        }
        return new Batch(root.path("messageType").asText(), root.path("logGroup").asText(""), List.copyOf(events));
    }
}
