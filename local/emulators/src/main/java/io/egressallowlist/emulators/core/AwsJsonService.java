package io.egressallowlist.emulators.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * One AWS service as {@link AwsJsonServer} hosts it: every call is {@code POST /} with
 * {@code X-Amz-Target: <targetPrefix>.<Operation>} (aws-api-notes §1.1). Emulators extend
 * {@link AwsJsonProtocolService}, which implements this from a protocol and a table of operations.
 */
public interface AwsJsonService {

    /** The target prefix, protocol version and error names of this service. */
    AwsJsonProtocol protocol();

    /**
     * Handles one operation. Returns the response document (never null; an empty object for an
     * empty output) or throws {@link AwsServiceError}.
     */
    JsonNode handle(String operation, ObjectNode input);

    /** The service's own switches under {@code /_emulator/<name>/}, if it has any. */
    Optional<EmulatorAdmin> admin();
}
