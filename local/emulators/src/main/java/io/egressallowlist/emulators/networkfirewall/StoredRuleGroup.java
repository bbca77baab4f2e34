package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A rule group as the emulator holds it. The JSON members are private copies that are never changed
 * after construction; every change makes a new record.
 *
 * @param ruleGroup            the {@code RuleGroup} object Describe returns
 * @param description          null when none
 * @param optionalMembers      EncryptionConfiguration, SourceMetadata, SummaryConfiguration as sent (absent ones missing)
 * @param tags                 the TagList, never null
 * @param lastModified         the last successful change, which also starts the firewall sync (aws-api-notes §1.6)
 * @param successfulUpdates    UpdateRuleGroup calls that changed it (out-of-band edits excluded)
 */
record StoredRuleGroup(
        ResourceArn arn,
        String id,
        RuleGroupType type,
        int capacity,
        ObjectNode ruleGroup,
        String description,
        ObjectNode optionalMembers,
        JsonNode tags,
        int consumedCapacity,
        String updateToken,
        Instant lastModified,
        long successfulUpdates) {

    String name() {
        return arn.name();
    }

    /** The same rule group with new content, a new token and a new modification time. */
    StoredRuleGroup withContent(ObjectNode newRuleGroup, String newDescription, ObjectNode newOptionalMembers,
                                int newConsumedCapacity, String newToken, Instant now) {
        return new StoredRuleGroup(arn, id, type, capacity, newRuleGroup, newDescription, newOptionalMembers, tags,
                newConsumedCapacity, newToken, now, successfulUpdates);
    }

    StoredRuleGroup countingUpdate() {
        return new StoredRuleGroup(arn, id, type, capacity, ruleGroup, description, optionalMembers, tags,
                consumedCapacity, updateToken, lastModified, successfulUpdates + 1);
    }
}
