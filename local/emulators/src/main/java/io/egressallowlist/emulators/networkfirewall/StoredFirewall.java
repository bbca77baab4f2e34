package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * A firewall as the emulator holds it.
 *
 * @param firewall    the {@code Firewall} object Describe returns (a private copy, never changed)
 * @param attachments one firewall endpoint per subnet, in request order
 * @param createdAt   creation time, which starts provisioning (aws-api-notes §1.6)
 */
record StoredFirewall(
        ResourceArn arn,
        ResourceArn policyArn,
        ObjectNode firewall,
        List<Attachment> attachments,
        List<String> enabledAnalysisTypes,
        String updateToken,
        Instant createdAt) {

    /** The endpoint Network Firewall puts in one subnet. */
    record Attachment(String subnetId, String availabilityZone, String endpointId) {
    }

    String name() {
        return arn.name();
    }
}
