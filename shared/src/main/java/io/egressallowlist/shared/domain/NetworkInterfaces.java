package io.egressallowlist.shared.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The network interfaces of the VPC, looked up by private address (EC2 DescribeNetworkInterfaces). */
public interface NetworkInterfaces {

    /**
     * What EC2 says about the interface that holds an address: its subnet, description, the id of the service that
     * created it and its tags (docs/aws-api-notes.md, "Blocked attempts", for what SageMaker writes there).
     */
    record NetworkInterface(String interfaceId, String subnetId, String description, String requesterId,
                            Map<String, String> tags) {
        public NetworkInterface {
            Objects.requireNonNull(interfaceId, "interfaceId");
            Objects.requireNonNull(subnetId, "subnetId");
            description = description == null ? "" : description;
            tags = Map.copyOf(tags);
        }
    }

    /** EC2 could not be asked; the attribution falls back to what else it knows, and nothing is cached. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The interface holding {@code address} now; empty when none does. */
    Optional<NetworkInterface> holding(SourceAddress address);
}
