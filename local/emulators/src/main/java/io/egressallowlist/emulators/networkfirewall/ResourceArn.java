package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Network Firewall ARN, e.g. {@code arn:aws:network-firewall:us-west-2:111122223333:stateful-rulegroup/domains}
 * (aws-api-notes §1.3).
 */
record ResourceArn(String region, String account, String resourceType, String name) {

    static final String FIREWALL = "firewall";
    static final String FIREWALL_POLICY = "firewall-policy";

    private static final Pattern SHAPE =
            Pattern.compile("^arn:aws[a-z-]*:network-firewall:([a-z0-9-]+):(\\d{12}):([a-z-]+)/([a-zA-Z0-9-]+)$");

    /**
     * Parses an ARN sent in member {@code member}.
     *
     * @throws io.egressallowlist.emulators.core.AwsServiceError InvalidRequestException when it is not a
     *         Network Firewall resource ARN (the model's InvalidRequestException covers malformed ARNs)
     */
    static ResourceArn parse(String arn, String member) {
        Matcher matcher = SHAPE.matcher(arn);
        if (!matcher.matches()) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error(member + " '" + arn + "' is not a Network Firewall ARN; expected "
                    + "arn:aws:network-firewall:<region>:<account>:<resource-type>/<name>");
        }
        return new ResourceArn(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4));
    }

    /**
     * The resource a request names by {@code nameMember}, {@code arnMember} or both ("You must specify the ARN or
     * the name, and you can specify both"; model docs). A name without an ARN is taken in the emulator's own
     * account and Region.
     */
    static ResourceArn fromRequest(JsonNode input, String nameMember, String arnMember, String resourceType,
                                   String region, String account) {
        String name = Json.text(input, nameMember);
        String arnText = Json.text(input, arnMember);
        if (arnText == null) {
            if (name == null) {
                throw NetworkFirewallErrors.INVALID_REQUEST.error("Specify " + arnMember + " or " + nameMember);
            }
            return new ResourceArn(region, account, resourceType, name);
        }
        ResourceArn arn = parse(arnText, arnMember);
        if (!arn.resourceType().equals(resourceType)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error(arnMember + " '" + arnText + "' names a " + arn.resourceType()
                    + ", not a " + resourceType);
        }
        arn.requireName(name, nameMember, arnMember);
        return arn;
    }

    /** Refuses a name that contradicts the ARN sent with it. */
    void requireName(String requestedName, String nameMember, String arnMember) {
        if (requestedName != null && !requestedName.equals(name)) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error(nameMember + " '" + requestedName + "' does not match the name '"
                    + name + "' in " + arnMember + "; send one of them, or both for the same resource");
        }
    }

    @Override
    public String toString() {
        return "arn:aws:network-firewall:" + region + ":" + account + ":" + resourceType + "/" + name;
    }
}
