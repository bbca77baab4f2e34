package io.egressallowlist.emulators.core;

import java.util.Map;
import java.util.Optional;

/**
 * One AWS service that speaks a Query protocol (the EC2 flavour): every call is {@code POST /} with a
 * form-encoded body {@code Action=<Operation>&Version=<api version>&…}, answered with XML. There is no
 * {@code X-Amz-Target}; {@link AwsJsonServer} routes such a call on its {@code Version} parameter, which names
 * one service's API version (EC2: {@code 2016-11-15}). Real endpoints are told apart by host name; on one loopback
 * port the version is the one thing in the request that says which service is meant.
 */
public interface QueryProtocolService {

    /** A short name: the key of the service's generic faults and its calls in the {@link CallLog}, e.g. {@code ec2}. */
    String name();

    /** The {@code Version} parameter that routes a call here. */
    String apiVersion();

    /**
     * Answers one action with the XML document of its response, or throws {@link AwsServiceError} (whose name is
     * the error code the service documents).
     *
     * @param parameters every form parameter but {@code Action}, by name, in request order
     */
    String handle(String action, Map<String, String> parameters);

    /** The XML document of an error reply, in the service's own envelope. */
    String errorDocument(String code, String message, String requestId);

    /** The error code and HTTP status the service throttles with (EC2: {@code RequestLimitExceeded}). */
    AwsServiceError throttled();

    /** The error code and HTTP status of an internal fault (EC2: {@code InternalError}, 500). */
    AwsServiceError internalError();

    /** The service's own switches under {@code /_emulator/<name>/}, if it has any. */
    Optional<EmulatorAdmin> admin();
}
