package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A firewall policy as the emulator holds it; JSON members are private copies never changed after construction.
 *
 * @param policy        the {@code FirewallPolicy} object as sent
 * @param description   null when none
 * @param encryption    the EncryptionConfiguration as sent, or null
 * @param lastModified  the last change, which also starts the firewall sync (aws-api-notes §1.6)
 */
record StoredFirewallPolicy(
        ResourceArn arn,
        String id,
        ObjectNode policy,
        String description,
        ObjectNode encryption,
        JsonNode tags,
        String updateToken,
        Instant lastModified) {

    String name() {
        return arn.name();
    }

    /** ARNs of every rule group the policy references, stateless first, in policy order. */
    List<String> referencedRuleGroupArns() {
        List<String> arns = new ArrayList<>();
        policy.path("StatelessRuleGroupReferences").forEach(ref -> arns.add(ref.path("ResourceArn").asText()));
        policy.path("StatefulRuleGroupReferences").forEach(ref -> arns.add(ref.path("ResourceArn").asText()));
        return arns;
    }

    boolean references(ResourceArn ruleGroupArn) {
        return referencedRuleGroupArns().contains(ruleGroupArn.toString());
    }
}
