package io.egressallowlist.shared.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Stores a version's target list compactly: the sorted targets joined by '\n', gzip-compressed. 15,000
 * targets (the most a 30,000-capacity rule group holds with two target types) stay well below
 * DynamoDB's 400 KB item limit (aws-api-notes §7); larger payloads are split into chunk items by
 * {@link DynamoVersionLog}.
 */
final class SnapshotCodec {

    private SnapshotCodec() {
    }

    static byte[] encode(List<String> sortedTargets) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, sortedTargets.size() * 8));
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(String.join("\n", sortedTargets).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<String> decode(byte[] compressed) {
        String text;
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            text = new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("stored snapshot is not valid gzip", e);
        }
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> targets = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                targets.add(text.substring(start, i));
                start = i + 1;
            }
        }
        return targets;
    }
}
