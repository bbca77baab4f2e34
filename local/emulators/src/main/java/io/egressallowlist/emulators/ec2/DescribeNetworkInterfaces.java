package io.egressallowlist.emulators.ec2;

import io.egressallowlist.emulators.core.PageToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DescribeNetworkInterfaces} (EC2 API reference): its Query parameters as the SDK marshals them
 * ({@code NetworkInterfaceId.N}, {@code Filter.N.Name}, {@code Filter.N.Value.M}, {@code MaxResults},
 * {@code NextToken}, {@code DryRun}; lists are 1-based and flattened with dots, aws-sdk-java-v2
 * {@code ListQueryMarshaller} for EC2), checked the way EC2 checks them, and the XML answer.
 *
 * @param ids        the {@code NetworkInterfaceId.N} values, in N order
 * @param filters    the filters, in N order
 * @param maxResults null when not given
 * @param nextToken  null when not given
 */
record DescribeNetworkInterfaces(List<String> ids, List<InterfaceFilter> filters, Integer maxResults, String nextToken,
                                 boolean dryRun) {

    /** "Valid range: Minimum value of 5. Maximum value of 1000." (API reference, MaxResults). */
    static final int MIN_RESULTS = 5;
    static final int MAX_RESULTS = 1000;
    /**
     * EC2 refuses too many filters or values with FilterLimitExceeded; the limit itself is not documented for this
     * operation, so the emulator's 200 values is a bound, not a fact.
     */
    static final int MAX_FILTER_VALUES = 200;

    private static final Pattern ID_PARAMETER = Pattern.compile("NetworkInterfaceId\\.(\\d+)");
    private static final Pattern FILTER_NAME = Pattern.compile("Filter\\.(\\d+)\\.Name");
    private static final Pattern FILTER_VALUE = Pattern.compile("Filter\\.(\\d+)\\.Value\\.(\\d+)");

    /** Reads and checks the parameters; throws the EC2 error a real endpoint answers with. */
    static DescribeNetworkInterfaces parse(Map<String, String> parameters) {
        Map<Integer, String> ids = new TreeMap<>();
        Map<Integer, String> filterNames = new TreeMap<>();
        Map<Integer, Map<Integer, String>> filterValues = new TreeMap<>();
        Integer maxResults = null;
        String nextToken = null;
        boolean dryRun = false;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue();
            Matcher id = ID_PARAMETER.matcher(name);
            Matcher filterName = FILTER_NAME.matcher(name);
            Matcher filterValue = FILTER_VALUE.matcher(name);
            if (id.matches()) {
                ids.put(Integer.parseInt(id.group(1)), value);
            } else if (filterName.matches()) {
                filterNames.put(Integer.parseInt(filterName.group(1)), value);
            } else if (filterValue.matches()) {
                filterValues.computeIfAbsent(Integer.parseInt(filterValue.group(1)), n -> new TreeMap<>())
                        .put(Integer.parseInt(filterValue.group(2)), value);
            } else if (name.equals("MaxResults")) {
                maxResults = integer("MaxResults", value);
            } else if (name.equals("NextToken")) {
                nextToken = value;
            } else if (name.equals("DryRun")) {
                dryRun = Boolean.parseBoolean(value);
            } else {
                throw Ec2Errors.UNKNOWN_PARAMETER.error("The parameter " + name + " is not recognized");
            }
        }
        return new DescribeNetworkInterfaces(List.copyOf(ids.values()), filters(filterNames, filterValues), maxResults,
                nextToken, dryRun);
    }

    private static List<InterfaceFilter> filters(Map<Integer, String> names, Map<Integer, Map<Integer, String>> values) {
        List<InterfaceFilter> filters = new ArrayList<>();
        int valueCount = 0;
        for (Map.Entry<Integer, String> name : names.entrySet()) {
            if (InterfaceFilter.field(name.getValue()).isEmpty()) {
                throw Ec2Errors.INVALID_PARAMETER_VALUE.error("The filter '" + name.getValue() + "' is invalid"
                        + " (the emulator implements " + InterfaceFilter.supportedNames() + ")");
            }
            Collection<String> given = values.getOrDefault(name.getKey(), Map.of()).values();
            if (given.isEmpty()) {
                // What EC2 answers a filter without values is not documented; refusing it is the emulator's choice.
                throw Ec2Errors.INVALID_PARAMETER_VALUE.error("The filter '" + name.getValue() + "' has no values");
            }
            valueCount += given.size();
            filters.add(new InterfaceFilter(name.getValue(), List.copyOf(given)));
        }
        if (values.keySet().stream().anyMatch(n -> !names.containsKey(n))) {
            throw Ec2Errors.MISSING_PARAMETER.error("A Filter.N.Value is given without its Filter.N.Name");
        }
        if (valueCount > MAX_FILTER_VALUES) {
            throw Ec2Errors.FILTER_LIMIT_EXCEEDED.error("The request uses too many filters or too many filter values");
        }
        return List.copyOf(filters);
    }

    static int integer(String parameter, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw Ec2Errors.INVALID_PARAMETER_VALUE.error("Value (" + value + ") for parameter " + parameter
                    + " is invalid. Expecting an integer.");
        }
    }

    /**
     * The answer over {@code interfaces} (sorted by id). Checks in the order EC2 is seen to: the parameter
     * combination and ranges, malformed ids, unknown ids, the page token.
     */
    String answer(TreeMap<String, NetworkInterface> interfaces, String region) {
        requireValidPaging();
        ids.forEach(DescribeNetworkInterfaces::requireWellFormed);
        ids.stream().filter(id -> !interfaces.containsKey(id)).findFirst().ifPresent(missing -> {
            throw Ec2Errors.NETWORK_INTERFACE_ID_NOT_FOUND.error("The networkInterface ID '" + missing + "' does not exist");
        });
        if (dryRun) {
            throw Ec2Errors.DRY_RUN_OPERATION.error("Request would have succeeded, but DryRun flag is set.");
        }
        List<NetworkInterface> matching = interfaces.values().stream()
                .filter(ni -> ids.isEmpty() || ids.contains(ni.networkInterfaceId()))
                .filter(ni -> filters.stream().allMatch(filter -> filter.matches(ni)))
                .toList();
        int from = start();
        int pageSize = maxResults != null ? maxResults : nextToken != null ? MAX_RESULTS : Integer.MAX_VALUE;
        int to = (int) Math.min((long) from + pageSize, matching.size());
        Ec2Xml xml = Ec2Xml.document("DescribeNetworkInterfacesResponse")
                .text("requestId", UUID.randomUUID().toString())
                .open("networkInterfaceSet");
        matching.subList(Math.min(from, matching.size()), to).forEach(ni -> item(xml, ni, region));
        xml.close("networkInterfaceSet");
        if (to < matching.size()) {
            xml.text("nextToken", PageToken.encode(to, queryKey()));
        }
        return xml.close("DescribeNetworkInterfacesResponse").toString();
    }

    /**
     * "You cannot specify this parameter and the network interface IDs parameter in the same request" and the
     * valid range 5..1000 (API reference, MaxResults). The codes are EC2's documented ones for a bad combination
     * and a bad value; the message wording is approximate.
     */
    private void requireValidPaging() {
        if (maxResults == null) {
            return;
        }
        if (!ids.isEmpty()) {
            throw Ec2Errors.INVALID_PARAMETER_COMBINATION.error(
                    "The parameter NetworkInterfaceIds cannot be used with the parameter MaxResults");
        }
        if (maxResults < MIN_RESULTS || maxResults > MAX_RESULTS) {
            throw Ec2Errors.INVALID_PARAMETER_VALUE.error("Value ( " + maxResults + " ) for parameter maxResults is "
                    + "invalid. Expecting a value between " + MIN_RESULTS + " and " + MAX_RESULTS + ".");
        }
    }

    private static void requireWellFormed(String id) {
        if (!NetworkInterface.ID.matcher(id).matches()) {
            throw Ec2Errors.NETWORK_INTERFACE_ID_MALFORMED.error("Invalid id: \"" + id + "\" (expecting \"eni-...\")");
        }
    }

    /** Where the page starts: 0, or the offset a token issued for the same query resumes at. */
    private int start() {
        return start(nextToken, queryKey());
    }

    /** Where a page of any Describe operation starts: 0, or the offset {@code nextToken} resumes {@code query} at. */
    static int start(String nextToken, String query) {
        if (nextToken == null) {
            return 0;
        }
        OptionalInt offset = PageToken.decode(nextToken, query);
        if (offset.isEmpty()) {
            throw Ec2Errors.INVALID_PAGINATION_TOKEN.error("The specified pagination token is not valid or is expired.");
        }
        return offset.getAsInt();
    }

    /** What a token is bound to: the ids and filters (not the page size, which a caller may change between pages). */
    private String queryKey() {
        return "DescribeNetworkInterfaces|" + ids + "|" + filters;
    }

    /** One {@code NetworkInterface} (API reference, data type NetworkInterface; XML names as the SDK reads them). */
    private static void item(Ec2Xml xml, NetworkInterface ni, String region) {
        String dnsName = ni.privateDnsName(region);
        xml.open("item")
                .text("networkInterfaceId", ni.networkInterfaceId())
                .text("subnetId", ni.subnet().subnetId())
                .text("vpcId", ni.subnet().vpcId())
                .text("availabilityZone", ni.subnet().availabilityZone())
                .text("description", ni.description())
                .text("ownerId", ni.ownerId())
                .text("requesterId", ni.requesterId())
                .bool("requesterManaged", ni.requesterManaged())
                .text("status", ni.status())
                .text("macAddress", ni.macAddress())
                .text("privateIpAddress", ni.privateIpAddress())
                .text("privateDnsName", dnsName)
                .bool("sourceDestCheck", true)
                .open("groupSet");
        ni.securityGroupIds().forEach(group -> xml.open("item").text("groupId", group).close("item"));
        xml.close("groupSet")
                .open("privateIpAddressesSet").open("item")
                .text("privateIpAddress", ni.privateIpAddress())
                .text("privateDnsName", dnsName)
                .bool("primary", true)
                .close("item").close("privateIpAddressesSet")
                .open("ipv6AddressesSet").close("ipv6AddressesSet")
                .open("tagSet");
        ni.tags().forEach((key, value) -> xml.open("item").text("key", key).text("value", value).close("item"));
        xml.close("tagSet")
                .text("interfaceType", ni.interfaceType())
                .close("item");
    }
}
