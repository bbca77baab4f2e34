package io.egressallowlist.functions.alertingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds CloudWatch Logs subscription events as Lambda receives them (aws-api-notes §9). */
final class AwsLogs {

    private AwsLogs() {
    }

    static Map<String, Object> event(String decodedJson) {
        return Map.of("awslogs", Map.of("data", encode(decodedJson.getBytes(StandardCharsets.UTF_8))));
    }

    static String encode(byte[] plain) {
        return Base64.getEncoder().encodeToString(gzip(plain));
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String dataMessage(String logEventsJson) {
        return """
                {"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/egress/firewall/alert",\
                "logStream":"eu-west-1a","subscriptionFilters":["blocked"],"logEvents":%s}""".formatted(logEventsJson);
    }

    static String controlMessage() {
        return """
                {"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",\
                "subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1700000000000,\
                "message":"CWL CONTROL MESSAGE: Checking health of destination Lambda function."}]}""";
    }
}
