package io.egressallowlist.emulators.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * How one AWS service speaks the JSON protocol (aws-api-notes §1.1): the {@code X-Amz-Target} prefix that
 * routes a call to it, the protocol version, which fixes the content type and how {@code __type} names an
 * error, and the error the service answers an internal fault with.
 *
 * @param targetPrefix      the part of {@code X-Amz-Target} before the dot, e.g. {@code NetworkFirewall_20201112}
 * @param version           awsJson1_0 or awsJson1_1
 * @param errorTypePrefix   what goes before the error name in {@code __type}: awsJson1_0 servers send the full
 *                          shape id ({@code com.amazonaws.networkfirewall#}), awsJson1_1 servers the bare name
 * @param internalErrorName the error of an internal fault (HTTP 500), e.g. {@code InternalServerError}
 */
public record AwsJsonProtocol(String targetPrefix, Version version, String errorTypePrefix, String internalErrorName) {

    /**
     * The generic AWS throttling error, which the SDKs retry. Every emulated service answers throttling with it:
     * Network Firewall models it, EventBridge lists it among its common errors, SageMaker and Secrets Manager
     * model none and fall back to it.
     */
    public static final String THROTTLING_ERROR = "ThrottlingException";

    /** The two versions of the protocol; they differ in the content type and in how {@code __type} is written. */
    public enum Version {
        AWS_JSON_1_0("application/x-amz-json-1.0"),
        AWS_JSON_1_1("application/x-amz-json-1.1");

        private final String contentType;

        Version(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    public AwsJsonProtocol {
        Objects.requireNonNull(targetPrefix, "targetPrefix");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(errorTypePrefix, "errorTypePrefix");
        Objects.requireNonNull(internalErrorName, "internalErrorName");
        if (targetPrefix.isEmpty() || targetPrefix.contains(".")) {
            throw new IllegalArgumentException("a target prefix is non-empty and has no dot, got '" + targetPrefix + "'");
        }
    }

    /** An awsJson1_0 service; its errors are named by full shape id, {@code <shapeNamespace>#<ErrorName>}. */
    public static AwsJsonProtocol awsJson1_0(String targetPrefix, String shapeNamespace, String internalErrorName) {
        return new AwsJsonProtocol(targetPrefix, Version.AWS_JSON_1_0, shapeNamespace + "#", internalErrorName);
    }

    /** An awsJson1_1 service; its errors are named by their bare name. */
    public static AwsJsonProtocol awsJson1_1(String targetPrefix, String internalErrorName) {
        return new AwsJsonProtocol(targetPrefix, Version.AWS_JSON_1_1, "", internalErrorName);
    }

    public String contentType() {
        return version.contentType();
    }

    /**
     * The body of an error reply, {@code {"__type": ..., "Message": ...}}. The SDKs choose the exception class
     * from {@code __type}, not from the HTTP status (aws-api-notes §1.1).
     */
    public ObjectNode errorDocument(String errorName, String message) {
        return JsonNodeFactory.instance.objectNode().put("__type", errorTypePrefix + errorName).put("Message", message);
    }
}
