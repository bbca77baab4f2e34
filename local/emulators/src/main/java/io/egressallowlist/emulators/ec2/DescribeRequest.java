package io.egressallowlist.emulators.ec2;

import io.egressallowlist.emulators.core.PageToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters every EC2 {@code Describe*} operation of the emulator's route tables and VPC endpoints takes, as the
 * SDK marshals them ({@code <Id>.N}, {@code Filter.N.Name}, {@code Filter.N.Value.M}, {@code MaxResults},
 * {@code NextToken}, {@code DryRun}; 1-based, flattened with dots), with the filters each operation implements, and
 * the paging of its answer. Filters are ANDed, a filter's values ORed, with EC2's wildcards (as
 * {@link InterfaceFilter}).
 *
 * @param <T> the resource described
 */
final class DescribeRequest<T> {

    private static final Pattern FILTER_NAME = Pattern.compile("Filter\\.(\\d+)\\.Name");
    private static final Pattern FILTER_VALUE = Pattern.compile("Filter\\.(\\d+)\\.Value\\.(\\d+)");

    private final String operation;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, List<String>> filters = new TreeMap<>();
    private final Map<String, Function<T, List<String>>> fields;
    private Integer maxResults;
    private String nextToken;
    private boolean dryRun;

    private DescribeRequest(String operation, Map<String, Function<T, List<String>>> fields) {
        this.operation = operation;
        this.fields = fields;
    }

    /**
     * Reads and checks the parameters of {@code operation}; throws the EC2 error a real endpoint answers with.
     *
     * @param idParameter the name of its id list ({@code RouteTableId}, {@code VpcEndpointId})
     * @param fields      the filters it implements, by name, with what each reads of a resource
     */
    static <T> DescribeRequest<T> parse(String operation, String idParameter, Map<String, String> parameters,
                                        Map<String, Function<T, List<String>>> fields) {
        DescribeRequest<T> request = new DescribeRequest<>(operation, fields);
        Pattern idPattern = Pattern.compile(Pattern.quote(idParameter) + "\\.(\\d+)");
        Map<Integer, String> ids = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Map<Integer, String>> values = new TreeMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            Matcher id = idPattern.matcher(name);
            Matcher filterName = FILTER_NAME.matcher(name);
            Matcher filterValue = FILTER_VALUE.matcher(name);
            if (id.matches()) {
                ids.put(Integer.parseInt(id.group(1)), parameter.getValue());
            } else if (filterName.matches()) {
                names.put(Integer.parseInt(filterName.group(1)), parameter.getValue());
            } else if (filterValue.matches()) {
                values.computeIfAbsent(Integer.parseInt(filterValue.group(1)), n -> new TreeMap<>())
                        .put(Integer.parseInt(filterValue.group(2)), parameter.getValue());
            } else if (name.equals("MaxResults")) {
                request.maxResults = DescribeNetworkInterfaces.integer("MaxResults", parameter.getValue());
            } else if (name.equals("NextToken")) {
                request.nextToken = parameter.getValue();
            } else if (name.equals("DryRun")) {
                request.dryRun = Boolean.parseBoolean(parameter.getValue());
            } else {
                throw Ec2Errors.UNKNOWN_PARAMETER.error("The parameter " + name + " is not recognized");
            }
        }
        request.ids.addAll(ids.values());
        for (Map.Entry<Integer, String> name : names.entrySet()) {
            if (!fields.containsKey(name.getValue())) {
                throw Ec2Errors.INVALID_PARAMETER_VALUE.error("The filter '" + name.getValue() + "' is invalid"
                        + " (the emulator implements " + new TreeSet<>(fields.keySet()) + " for " + operation + ")");
            }
            Collection<String> given = values.getOrDefault(name.getKey(), Map.of()).values();
            if (given.isEmpty()) {
                throw Ec2Errors.INVALID_PARAMETER_VALUE.error("The filter '" + name.getValue() + "' has no values");
            }
            request.filters.computeIfAbsent(name.getValue(), n -> new ArrayList<>()).addAll(given);
        }
        if (values.keySet().stream().anyMatch(n -> !names.containsKey(n))) {
            throw Ec2Errors.MISSING_PARAMETER.error("A Filter.N.Value is given without its Filter.N.Name");
        }
        return request;
    }

    List<String> ids() {
        return List.copyOf(ids);
    }

    /**
     * The page of {@code resources} (in a stable order) this request asks for, and the token of the next one. Checks
     * {@code MaxResults} against {@code minResults..maxResultsLimit} and then {@code DryRun}, as EC2 does.
     */
    Page<T> page(List<T> resources, Function<T, String> id, int minResults, int maxResultsLimit) {
        if (maxResults != null && (maxResults < minResults || maxResults > maxResultsLimit)) {
            throw Ec2Errors.INVALID_PARAMETER_VALUE.error("Value ( " + maxResults + " ) for parameter maxResults is "
                    + "invalid. Expecting a value between " + minResults + " and " + maxResultsLimit + ".");
        }
        if (dryRun) {
            throw Ec2Errors.DRY_RUN_OPERATION.error("Request would have succeeded, but DryRun flag is set.");
        }
        List<T> matching = resources.stream()
                .filter(r -> ids.isEmpty() || ids.contains(id.apply(r)))
                .filter(r -> filters.entrySet().stream().allMatch(f -> new InterfaceFilter(f.getKey(), f.getValue())
                        .matchesValues(fields.get(f.getKey()).apply(r))))
                .toList();
        int from = start();
        int size = maxResults != null ? maxResults : nextToken != null ? maxResultsLimit : Integer.MAX_VALUE;
        int to = (int) Math.min((long) from + size, matching.size());
        String next = to < matching.size() ? PageToken.encode(to, queryKey()) : null;
        return new Page<>(matching.subList(Math.min(from, matching.size()), to), next);
    }

    /** One page of an answer; {@code nextToken} null on the last. */
    record Page<T>(List<T> items, String nextToken) { }

    private int start() {
        return DescribeNetworkInterfaces.start(nextToken, queryKey());
    }

    private String queryKey() {
        return operation + "|" + ids + "|" + filters;
    }
}
