package io.egressallowlist.emulators.ec2;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A VPC endpoint of the emulator (EC2 API reference, data type {@code VpcEndpoint}): its VPC, service, type and
 * policy document. EC2 gives an interface or gateway endpoint created without a policy the default full-access one,
 * so {@code policyDocument} is null only for types that take no policy (Gateway Load Balancer endpoints), or when a
 * test wants to see what a missing document does.
 */
public record VpcEndpoint(String vpcEndpointId, String vpcId, String serviceName, String vpcEndpointType,
                          String policyDocument) {

    static final Pattern ID = Pattern.compile("vpce-[0-9a-f]{8}([0-9a-f]{9})?");
    /** The values of {@code VpcEndpointType} in the API reference. */
    static final Set<String> TYPES = Set.of("Interface", "Gateway", "GatewayLoadBalancer", "Resource", "ServiceNetwork");

    /** EC2's default endpoint policy: full access ("Control access to VPC endpoints using endpoint policies"). */
    public static final String DEFAULT_POLICY = "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    public VpcEndpoint {
        if (vpcEndpointId == null || !ID.matcher(vpcEndpointId).matches()) {
            throw new IllegalArgumentException("a VPC endpoint id is vpce- and 8 or 17 hex digits, was " + vpcEndpointId);
        }
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(serviceName, "serviceName");
        if (!TYPES.contains(vpcEndpointType)) {
            throw new IllegalArgumentException("VpcEndpointType is one of " + TYPES + ", was " + vpcEndpointType);
        }
    }
}
