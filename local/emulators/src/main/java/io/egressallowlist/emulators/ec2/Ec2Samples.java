package io.egressallowlist.emulators.ec2;

import io.egressallowlist.emulators.sagemaker.SageMakerSamples;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network side of {@link SageMakerSamples}' Studio estate: the {@code VpcOnly} domain's two subnets and, per
 * sample user profile with a running app, the network interface SageMaker put in them — written the way SageMaker
 * writes Studio app interfaces, as far as that is known.
 *
 * <p>What SageMaker writes on a Studio app's interface is not documented. What is known:
 * <ul>
 *   <li>Studio "injects an ENI for every unique instance used by a user profile or a shared space" in the domain's
 *       subnets (SageMaker Studio Administration Best Practices, "Network management",
 *       https://docs.aws.amazon.com/whitepapers/latest/sagemaker-studio-admin-best-practices/network-management.html).</li>
 *   <li>Its description reads {@code [DO NOT DELETE] ENI managed by SageMaker for Studio Domain(<domain id>) - <32
 *       hex digits>}: it names the domain, not the user profile or space; the suffix is an opaque id. Seen in
 *       exported accounts and tools that classify interfaces by description (e.g. the sg-ripper author's "Why am I
 *       not able to remove a security group" article, and its source, which matches the prefix) — third-party
 *       observations, not AWS documentation.</li>
 *   <li>No tags and no documented requester id: the emulator writes none of the former, and for the latter an
 *       alias in the style of the documented {@code requester-id} filter ("the alias or AWS account ID of the
 *       principal or service that created the network interface"), {@value #SAGEMAKER_REQUESTER_ID}. Nothing
 *       should identify a person from either: the evidence supports the Studio domain (by description or
 *       subnet), not the user.</li>
 * </ul>
 * The domain's EFS mount targets also have interfaces in the same subnets; they are seeded too, as the interfaces
 * an attribution must not mistake for an app's. The subnets lie in the sample firewall's {@code HOME_NET}
 * ({@link io.egressallowlist.emulators.networkfirewall.FirewallSeed#SAMPLE_HOME_NET}), so the domain-list rule
 * group inspects the apps' traffic.
 */
public final class Ec2Samples {

    public static final Subnet SUBNET_A = new Subnet(SageMakerSamples.VPC_ONLY_SUBNETS.get(0), SageMakerSamples.VPC_ID,
            "us-east-1a", "10.0.0.0/18");
    public static final Subnet SUBNET_B = new Subnet(SageMakerSamples.VPC_ONLY_SUBNETS.get(1), SageMakerSamples.VPC_ID,
            "us-east-1b", "10.0.64.0/18");
    /** The domain's security group ({@link SageMakerSamples}' {@code VpcOnly} domain). */
    public static final String STUDIO_SECURITY_GROUP = "sg-0123456789abcdef0";
    /** [UNVERIFIED] The requester id SageMaker leaves on a Studio app interface is not documented. */
    public static final String SAGEMAKER_REQUESTER_ID = "amazon-sagemaker";

    public static final String DATA_SCIENTIST_APP_ADDRESS = "10.0.1.23";
    public static final String DATA_SCIENTIST_APP_INTERFACE = "eni-0a1ce5c1e4715a001";
    public static final String ANALYST_APP_ADDRESS = "10.0.65.42";
    public static final String ANALYST_APP_INTERFACE = "eni-0b0ba1a1157a2b002";
    public static final String EFS_MOUNT_TARGET_ADDRESS_A = "10.0.0.10";
    public static final String EFS_MOUNT_TARGET_ADDRESS_B = "10.0.64.10";

    /** The address of each sample user profile's running Studio app, by profile name. */
    public static final Map<String, String> APP_ADDRESSES = Map.of(
            SageMakerSamples.DATA_SCIENTIST, DATA_SCIENTIST_APP_ADDRESS,
            SageMakerSamples.ANALYST, ANALYST_APP_ADDRESS);

    /** The firewall's endpoint in each sample zone: the SageMaker subnets' default route leads to it (firewall-first). */
    public static final List<String> FIREWALL_ENDPOINT_IDS = List.of("vpce-0f1a0000000000a01", "vpce-0f1b0000000000b02");
    /** The SageMaker endpoints the network stack leaves with the default policy (its ServiceEndpoints). */
    public static final List<String> DEFAULT_POLICY_SERVICES = List.of("aws.sagemaker.us-east-1.notebook",
            "aws.sagemaker.us-east-1.studio");
    /** The policy of the sample STS endpoint: principals of the sample account only. */
    public static final String ACCOUNT_POLICY = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\""
            + SageMakerSamples.ACCOUNT_ID + "\"}}}]}";

    private Ec2Samples() {
    }

    /** The description SageMaker gives a Studio app's interface in {@code domainId} (see the class comment). */
    public static String studioAppDescription(String domainId, String opaqueSuffix) {
        return "[DO NOT DELETE] ENI managed by SageMaker for Studio Domain(" + domainId + ") - " + opaqueSuffix;
    }

    /** The sample profile's app address, if the profile has a running app. */
    public static Optional<String> appAddress(String userProfileName) {
        return Optional.ofNullable(APP_ADDRESSES.get(userProfileName));
    }

    /** A Studio app interface as SageMaker creates it in the sample {@code VpcOnly} domain. */
    public static NetworkInterface studioAppInterface(String interfaceId, Subnet subnet, String address,
                                                      String opaqueSuffix) {
        return NetworkInterface.of(interfaceId, subnet, address,
                        studioAppDescription(SageMakerSamples.VPC_ONLY_DOMAIN_ID, opaqueSuffix), SageMakerSamples.ACCOUNT_ID)
                .withRequester(SAGEMAKER_REQUESTER_ID, true)
                .withSecurityGroups(List.of(STUDIO_SECURITY_GROUP));
    }

    /** Adds (or restores) the sample subnets and interfaces in {@code emulator}. */
    public static void seed(Ec2Emulator emulator) {
        emulator.putSubnet(SUBNET_A);
        emulator.putSubnet(SUBNET_B);
        emulator.register(studioAppInterface(DATA_SCIENTIST_APP_INTERFACE, SUBNET_A, DATA_SCIENTIST_APP_ADDRESS,
                "a09d795df1d5926f328cb6564db19ab2"));
        emulator.register(studioAppInterface(ANALYST_APP_INTERFACE, SUBNET_B, ANALYST_APP_ADDRESS,
                "946a4c21ed31356ee889a8dd95fde7cf"));
        emulator.register(efsMountTarget("eni-0efe0a0000000a003", SUBNET_A, EFS_MOUNT_TARGET_ADDRESS_A, "fsmt-0a1b2c3d"));
        emulator.register(efsMountTarget("eni-0efe0b0000000b004", SUBNET_B, EFS_MOUNT_TARGET_ADDRESS_B, "fsmt-0e5f6a7b"));
        seedCompliantNetwork(emulator);
    }

    /**
     * The sample VPC as the network stack deploys it (firewall-first): each SageMaker subnet explicitly associated
     * with a table whose default route leads to its zone's firewall endpoint, a main table without one, the firewall
     * endpoints (Gateway Load Balancer, no policy), an STS endpoint with this account's policy, and the SageMaker
     * {@code notebook} and {@code studio} endpoints with the default one, as the stack leaves them. The guard finds
     * nothing here; tests put a noncompliant table or endpoint over it.
     */
    public static void seedCompliantNetwork(Ec2Emulator emulator) {
        String vpc = SageMakerSamples.VPC_ID;
        List<Subnet> subnets = List.of(SUBNET_A, SUBNET_B);
        for (int zone = 0; zone < subnets.size(); zone++) {
            emulator.putRouteTable(new RouteTable("rtb-05a6e0000000000a" + zone, vpc, false,
                    List.of(subnets.get(zone).subnetId()), List.of(new RouteTable.Route("10.0.0.0/16", "local"),
                    new RouteTable.Route("0.0.0.0/0", FIREWALL_ENDPOINT_IDS.get(zone)))));
            emulator.putEndpoint(new VpcEndpoint(FIREWALL_ENDPOINT_IDS.get(zone), vpc,
                    "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d3c4b5a69780", "GatewayLoadBalancer", null));
        }
        emulator.putRouteTable(new RouteTable("rtb-05a6e0000000000f0", vpc, true, List.of(),
                List.of(new RouteTable.Route("10.0.0.0/16", "local"))));
        emulator.putEndpoint(new VpcEndpoint("vpce-05a6e000000000501", vpc, "com.amazonaws.us-east-1.sts", "Interface",
                ACCOUNT_POLICY));
        emulator.putEndpoint(new VpcEndpoint("vpce-05a6e000000000502", vpc, DEFAULT_POLICY_SERVICES.get(0), "Interface",
                VpcEndpoint.DEFAULT_POLICY));
        emulator.putEndpoint(new VpcEndpoint("vpce-05a6e000000000503", vpc, DEFAULT_POLICY_SERVICES.get(1), "Interface",
                VpcEndpoint.DEFAULT_POLICY));
    }

    /** "EFS mount target for <file system> (<mount target>)", as Amazon EFS describes its interfaces. */
    private static NetworkInterface efsMountTarget(String interfaceId, Subnet subnet, String address, String mountTarget) {
        return NetworkInterface.of(interfaceId, subnet, address,
                        "EFS mount target for fs-0123456789abcdef0 (" + mountTarget + ")", SageMakerSamples.ACCOUNT_ID)
                .withSecurityGroups(List.of(STUDIO_SECURITY_GROUP));
    }
}
