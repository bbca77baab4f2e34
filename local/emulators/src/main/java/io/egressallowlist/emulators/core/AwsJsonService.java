package io.egressallowlist.emulators.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One AWS service spoken over the {@code awsJson1_0} / {@code awsJson1_1} protocol: every call is
 * {@code POST /} with {@code X-Amz-Target: <targetPrefix>.<Operation>} (aws-api-notes §1.1).
 */
public interface AwsJsonService {

    /** The part of {@code X-Amz-Target} before the dot, e.g. {@code NetworkFirewall_20201112}. */
    String targetPrefix();

    /** {@code application/x-amz-json-1.0} or {@code application/x-amz-json-1.1}. */
    String contentType();

    /**
     * What goes before the error name in {@code __type}. awsJson1_0 servers send the full shape id
     * ({@code com.amazonaws.networkfirewall#}); awsJson1_1 servers send the bare name (empty prefix).
     */
    String errorTypePrefix();

    /** The error name this service uses for throttling, e.g. {@code ThrottlingException}. */
    String throttlingErrorName();

    /** The error name this service uses for an internal fault, e.g. {@code InternalServerError}. */
    String internalErrorName();

    /**
     * Handles one operation. Returns the response document (never null; an empty object for an
     * empty output) or throws {@link AwsServiceError}.
     */
    JsonNode handle(String operation, ObjectNode input);
}
