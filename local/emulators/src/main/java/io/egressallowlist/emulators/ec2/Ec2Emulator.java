package io.egressallowlist.emulators.ec2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.egressallowlist.emulators.core.AwsServiceError;
import io.egressallowlist.emulators.core.EmulatorAdmin;
import io.egressallowlist.emulators.core.QueryProtocolService;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The part of Amazon EC2 the control plane reads: {@code DescribeNetworkInterfaces}, {@code DescribeRouteTables}
 * and {@code DescribeVpcEndpoints}, over the EC2 Query protocol
 * (form-encoded {@code POST /}, {@code Version=2016-11-15}, XML answers in the
 * {@code http://ec2.amazonaws.com/doc/2016-11-15/} namespace, EC2's {@code <Response><Errors>} envelope), so that
 * the SDK's {@code Ec2Client} works against it unchanged. Hosted by
 * {@link io.egressallowlist.emulators.core.AwsJsonServer} beside the JSON services.
 *
 * <p>State is seeded from Java ({@link #putSubnet}, {@link #register}, {@link #remove}, {@link #reassignAddress},
 * {@link #reset}) or over HTTP, {@code POST /_emulator/ec2/<action>}:
 * <ul>
 *   <li>{@code put-subnet} {@code {"subnetId", "vpcId", "availabilityZone", "cidrBlock"}}</li>
 *   <li>{@code register-interface} {@code {"privateIpAddress", "subnetId", "networkInterfaceId"?, "description"?,
 *       "requesterId"?, "requesterManaged"?, "tags"?: {key: value}, "securityGroupIds"?: […]}} — answers the
 *       interface</li>
 *   <li>{@code remove-interface} {@code {"networkInterfaceId"}}</li>
 *   <li>{@code reassign-address} — the same body as {@code register-interface}: whichever interface holds the
 *       address is deleted and the new one takes it (an app stopped, another started and got its address)</li>
 *   <li>{@code interfaces} {@code {}} — lists every interface</li>
 *   <li>{@code put-route-table} {@code {"routeTableId", "vpcId", "main"?, "subnetIds"?: […],
 *       "routes"?: [{"destinationCidrBlock", "target"}]}} — adds or replaces it</li>
 *   <li>{@code put-vpc-endpoint} {@code {"vpcEndpointId", "vpcId", "serviceName", "vpcEndpointType",
 *       "policyDocument"?}} — adds or replaces it; no policy document for an {@code Interface} or {@code Gateway}
 *       endpoint means EC2's default full-access one</li>
 *   <li>{@code seed-samples}, {@code reset}</li>
 * </ul>
 * Generic throttling ({@code RequestLimitExceeded}), internal errors and latency come from the server's
 * {@link io.egressallowlist.emulators.core.FaultInjector} under the name {@value #NAME}.
 *
 * <p>Thread-safe: one lock serialises every call and switch.
 */
public final class Ec2Emulator implements QueryProtocolService {

    public static final String NAME = "ec2";
    public static final String API_VERSION = "2016-11-15";
    public static final String XML_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final String region;
    private final String accountId;
    private final Supplier<String> interfaceIds;
    private final EmulatorAdmin admin = EmulatorAdmin.named(NAME);
    private final Map<String, Subnet> subnets = new LinkedHashMap<>();
    /** Sorted by id: EC2's pages come out in a stable order, and so do the emulator's. */
    private final TreeMap<String, NetworkInterface> interfaces = new TreeMap<>();
    private final TreeMap<String, RouteTable> routeTables = new TreeMap<>();
    private final TreeMap<String, VpcEndpoint> endpoints = new TreeMap<>();

    /**
     * @param interfaceIds the ids of interfaces registered without one ({@code eni-} and 17 hex digits)
     */
    public Ec2Emulator(String region, String accountId, Supplier<String> interfaceIds) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.interfaceIds = Objects.requireNonNull(interfaceIds, "interfaceIds");
        Ec2AdminRequests requests = new Ec2AdminRequests(this);
        admin.declare("put-subnet", body -> Ec2AdminRequests.json(putSubnet(Ec2AdminRequests.subnet(body))));
        admin.declare("register-interface", body -> Ec2AdminRequests.json(register(requests.networkInterface(body))));
        admin.declare("reassign-address", body -> Ec2AdminRequests.json(reassignAddress(requests.networkInterface(body))));
        admin.declare("remove-interface", body -> {
            remove(Ec2AdminRequests.text(body, "networkInterfaceId"));
            return JsonNodeFactory.instance.objectNode();
        });
        admin.declare("interfaces", body -> {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            interfaces().forEach(ni -> list.add(Ec2AdminRequests.json(ni)));
            return JsonNodeFactory.instance.objectNode().set("networkInterfaces", list);
        });
        admin.declare("put-route-table", body -> Ec2AdminRequests.json(putRouteTable(Ec2AdminRequests.routeTable(body))));
        admin.declare("put-vpc-endpoint", body -> Ec2AdminRequests.json(putEndpoint(Ec2AdminRequests.endpoint(body))));
        admin.declare("seed-samples", body -> {
            Ec2Samples.seed(this);
            return JsonNodeFactory.instance.objectNode();
        });
        admin.declare("reset", body -> {
            reset();
            return JsonNodeFactory.instance.objectNode();
        });
    }

    /** An empty emulator for us-east-1 and the sample account, with random interface ids. */
    public static Ec2Emulator create() {
        SecureRandom random = new SecureRandom();
        return new Ec2Emulator("us-east-1", SageMakerSamples.ACCOUNT_ID,
                () -> "eni-0" + HexFormat.of().formatHex(randomBytes(random)).substring(0, 16));
    }

    /** An emulator holding the sample Studio domain's subnets and app interfaces ({@link Ec2Samples}). */
    public static Ec2Emulator withSampleStudio() {
        Ec2Emulator emulator = create();
        Ec2Samples.seed(emulator);
        return emulator;
    }

    // ---- seeding ------------------------------------------------------------------------------------

    /** Adds a subnet, or replaces the one with the same id. */
    public synchronized Subnet putSubnet(Subnet subnet) {
        subnets.put(subnet.subnetId(), subnet);
        return subnet;
    }

    public synchronized Optional<Subnet> subnet(String subnetId) {
        return Optional.ofNullable(subnets.get(subnetId));
    }

    /**
     * Adds an interface, or replaces the one with the same id.
     *
     * @throws IllegalArgumentException when another interface in the VPC holds its address (private addresses
     *                                  are unique within a VPC)
     */
    public synchronized NetworkInterface register(NetworkInterface networkInterface) {
        holderOf(networkInterface.subnet().vpcId(), networkInterface.privateIpAddress())
                .filter(holder -> !holder.networkInterfaceId().equals(networkInterface.networkInterfaceId()))
                .ifPresent(holder -> {
                    throw new IllegalArgumentException(networkInterface.privateIpAddress() + " is held by "
                            + holder.networkInterfaceId() + "; remove it or reassign the address");
                });
        interfaces.put(networkInterface.networkInterfaceId(), networkInterface);
        return networkInterface;
    }

    /**
     * The address changes hands: the interface that holds {@code successor}'s address (if any) is deleted, as
     * when its Studio app stops, and {@code successor} takes the address.
     */
    public synchronized NetworkInterface reassignAddress(NetworkInterface successor) {
        holderOf(successor.subnet().vpcId(), successor.privateIpAddress())
                .ifPresent(holder -> interfaces.remove(holder.networkInterfaceId()));
        return register(successor);
    }

    /** Deletes an interface; unknown ids are refused. */
    public synchronized void remove(String networkInterfaceId) {
        if (interfaces.remove(networkInterfaceId) == null) {
            throw new IllegalArgumentException("no network interface " + networkInterfaceId);
        }
    }

    /** The interface holding an address, in any VPC. */
    public synchronized Optional<NetworkInterface> interfaceWithAddress(String privateIpAddress) {
        return interfaces.values().stream().filter(ni -> ni.privateIpAddress().equals(privateIpAddress)).findFirst();
    }

    public synchronized List<NetworkInterface> interfaces() {
        return List.copyOf(interfaces.values());
    }

    /** Adds a route table, or replaces the one with the same id. */
    public synchronized RouteTable putRouteTable(RouteTable table) {
        routeTables.put(table.routeTableId(), table);
        return table;
    }

    /** Adds a VPC endpoint, or replaces the one with the same id. */
    public synchronized VpcEndpoint putEndpoint(VpcEndpoint endpoint) {
        endpoints.put(endpoint.vpcEndpointId(), endpoint);
        return endpoint;
    }

    /** Removes every subnet, interface, route table and endpoint. */
    public synchronized void reset() {
        interfaces.clear();
        subnets.clear();
        routeTables.clear();
        endpoints.clear();
    }

    /** A new interface id, as EC2 gives one. */
    String newInterfaceId() {
        return interfaceIds.get();
    }

    String accountId() {
        return accountId;
    }

    private Optional<NetworkInterface> holderOf(String vpcId, String address) {
        return interfaces.values().stream()
                .filter(ni -> ni.subnet().vpcId().equals(vpcId) && ni.privateIpAddress().equals(address))
                .findFirst();
    }

    // ---- the Query protocol -------------------------------------------------------------------------

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String apiVersion() {
        return API_VERSION;
    }

    @Override
    public synchronized String handle(String action, Map<String, String> parameters) {
        return switch (action) {
            case "DescribeNetworkInterfaces" -> DescribeNetworkInterfaces.parse(parameters).answer(interfaces, region);
            case "DescribeRouteTables" -> DescribeRouteTables.answer(parameters, routeTables.values(), accountId);
            case "DescribeVpcEndpoints" -> DescribeVpcEndpoints.answer(parameters, endpoints.values(), accountId);
            default -> throw Ec2Errors.INVALID_ACTION.error("The action " + action + " is not valid for this web"
                    + " service. (The emulator implements DescribeNetworkInterfaces, DescribeRouteTables and"
                    + " DescribeVpcEndpoints.)");
        };
    }

    @Override
    public String errorDocument(String code, String message, String requestId) {
        return Ec2Xml.error(code, message, requestId);
    }

    @Override
    public AwsServiceError throttled() {
        return Ec2Errors.REQUEST_LIMIT_EXCEEDED.error("Request limit exceeded.");
    }

    @Override
    public AwsServiceError internalError() {
        return Ec2Errors.INTERNAL_ERROR.error("An internal error has occurred (injected by the emulator)");
    }

    @Override
    public Optional<EmulatorAdmin> admin() {
        return Optional.of(admin);
    }

    private static byte[] randomBytes(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }
}
