package io.egressallowlist.infra.common;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.constructs.Construct;
import software.constructs.IConstruct;
import software.constructs.IValidation;

/**
 * Fails the synth when any function of a stack has more environment than Lambda accepts: all variables of a
 * function together may take 4 KB (aws-api-notes §9), and a larger set fails the deploy, not the synth.
 *
 * <p>The size is counted as the variables serialised as one JSON object ({@code {"NAME":"value",…}}, UTF-8),
 * which is what Lambda's refusal quotes as the string it measured; counting only names and values would give
 * less, so this is the stricter reading. A value CloudFormation resolves at deploy (a table name, an ARN) is
 * counted as {@value #UNRESOLVED_VALUE_BYTES} bytes, more than any name or ARN the stacks generate; literal
 * parts of a joined value count as written. One kind of deploy-time value has a tighter bound that CloudFormation
 * itself enforces: a template parameter of type {@code AWS::SSM::Parameter::Value<AWS::EC2::Subnet::Id>} (or an
 * element of a {@code List<AWS::EC2::Subnet::Id>} one) is validated at deploy to be an existing subnet's id
 * ("AWS-specific parameter types" of the CloudFormation user guide), which is {@code subnet-} and at most 17 hex
 * digits: {@value #SUBNET_ID_BYTES} bytes. And a value the app knows more about may be declared with its bound where it
 * is read ({@link #bounded}): a SageMaker domain id is at most 63 characters (the API's DomainId shape).
 */
public final class FunctionEnvironmentLimit implements IValidation {

    public static final int LIMIT_BYTES = 4 * 1024;
    static final int UNRESOLVED_VALUE_BYTES = 256;
    public static final int SUBNET_ID_BYTES = 24;
    static final String SUBNET_ID_TYPE = "AWS::SSM::Parameter::Value<AWS::EC2::Subnet::Id>";
    static final String SUBNET_IDS_TYPE = "AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>";
    /** Declared bounds travel beside the parameter types, under this prefix and the value's resolved text. */
    private static final String BOUND = "bound:";

    /** The longest SageMaker domain id (SageMaker API: DomainId, maximum length 63). */
    public static final int DOMAIN_ID_BYTES = 63;
    private static final String BOUNDS_ID = "EnvironmentValueBounds";

    private final Stack stack;

    /** What {@link #bounded} declared in one stack: a resolved value's text → its largest size in bytes. */
    private static final class Bounds extends Construct {
        private final Map<String, Long> bytes = new HashMap<>();

        Bounds(Stack stack) {
            super(stack, BOUNDS_ID);
        }
    }

    private FunctionEnvironmentLimit(Stack stack) {
        this.stack = stack;
    }

    /**
     * Declares that {@code value}, resolved by CloudFormation at deploy in {@code scope}'s stack, takes at most
     * {@code bytes} bytes; the check then counts it so instead of {@value #UNRESOLVED_VALUE_BYTES}. Returns the value.
     * Only for a bound the value cannot exceed (an id whose format the service fixes).
     */
    public static String bounded(Construct scope, String value, long bytes) {
        Stack stack = Stack.of(scope);
        Bounds bounds = (Bounds) stack.getNode().tryFindChild(BOUNDS_ID);
        (bounds == null ? new Bounds(stack) : bounds).bytes.put(String.valueOf(stack.resolve(value)), bytes);
        return value;
    }

    /** Checks every function of {@code stack}, including those of custom resources, when the app synthesizes. */
    public static void addTo(Stack stack) {
        stack.getNode().addValidation(new FunctionEnvironmentLimit(stack));
    }

    @Override
    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        Map<String, String> parameterTypes = new HashMap<>();
        for (IConstruct construct : stack.getNode().findAll()) {
            if (construct instanceof CfnParameter parameter) {
                parameterTypes.put(String.valueOf(stack.resolve(parameter.getLogicalId())), parameter.getType());
            }
        }
        Bounds bounds = (Bounds) stack.getNode().tryFindChild(BOUNDS_ID);
        if (bounds != null) {
            bounds.bytes.forEach((value, bytes) -> parameterTypes.put(BOUND + value, Long.toString(bytes)));
        }
        for (IConstruct construct : stack.getNode().findAll()) {
            if (construct instanceof CfnFunction function) {
                Map<?, ?> variables = variables(stack.resolve(function.getEnvironment()));
                long size = size(variables, parameterTypes);
                if (size > LIMIT_BYTES) {
                    errors.add(message(function, variables, size, parameterTypes));
                }
            }
        }
        return errors;
    }

    /** The size of {@code variables} as Lambda measures it (see the class comment). */
    public static long size(Map<?, ?> variables) {
        return size(variables, Map.of());
    }

    /** As {@link #size(Map)}, with the types of the template's parameters, by logical id. */
    public static long size(Map<?, ?> variables, Map<String, String> parameterTypes) {
        long size = 2 + Math.max(0, variables.size() - 1);
        for (Map.Entry<?, ?> variable : variables.entrySet()) {
            size += entrySize(variable, parameterTypes);
        }
        return size;
    }

    private static long entrySize(Map.Entry<?, ?> variable, Map<String, String> parameterTypes) {
        return 2 + escapedBytes(String.valueOf(variable.getKey())) + 1 + 2
                + valueBytes(variable.getValue(), parameterTypes);
    }

    private static String message(CfnFunction function, Map<?, ?> variables, long size,
                                  Map<String, String> parameterTypes) {
        List<String> largest = variables.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<?, ?> variable) -> entrySize(variable, parameterTypes))
                        .reversed())
                .limit(3)
                .map(variable -> variable.getKey() + " (" + entrySize(variable, parameterTypes) + " bytes)")
                .toList();
        return "The function " + function.getNode().getPath() + " has " + size + " bytes of environment variables, "
                + "over the " + LIMIT_BYTES + " bytes Lambda allows all variables of a function together; the largest: "
                + String.join(", ", largest) + ". Ship large values in a file instead (as the approval policy is, in"
                + " a layer).";
    }

    /** The L1 property resolves with the struct's member name ({@code variables}), not the template's. */
    private static Map<?, ?> variables(Object resolvedEnvironment) {
        if (resolvedEnvironment instanceof Map<?, ?> environment) {
            Object variables = environment.containsKey("variables") ? environment.get("variables")
                    : environment.get("Variables");
            if (variables instanceof Map<?, ?> map) {
                return map;
            }
        }
        return Map.of();
    }

    /** A resolved value without its quotes: literal text as written, {@code Fn::Join} part by part. */
    private static long valueBytes(Object value, Map<String, String> parameterTypes) {
        if (value instanceof String text) {
            return escapedBytes(text);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString().length();
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::Join") instanceof List<?> join
                && join.size() == 2 && join.get(1) instanceof List<?> parts) {
            long bytes = valueBytes(join.get(0), parameterTypes) * Math.max(0, parts.size() - 1);
            for (Object part : parts) {
                bytes += valueBytes(part, parameterTypes);
            }
            return bytes;
        }
        String declared = parameterTypes.get(BOUND + value);
        if (declared != null) {
            return Long.parseLong(declared);
        }
        return isSubnetId(value, parameterTypes) ? SUBNET_ID_BYTES : UNRESOLVED_VALUE_BYTES;
    }

    /** A reference to a subnet-id parameter, or an element of a subnet-id list parameter (see the class comment). */
    private static boolean isSubnetId(Object value, Map<String, String> parameterTypes) {
        if (!(value instanceof Map<?, ?> intrinsic)) {
            return false;
        }
        if (intrinsic.get("Ref") instanceof String id) {
            return SUBNET_ID_TYPE.equals(parameterTypes.get(id));
        }
        return intrinsic.get("Fn::Select") instanceof List<?> select && select.size() == 2
                && select.get(1) instanceof Map<?, ?> list && list.get("Ref") instanceof String id
                && SUBNET_IDS_TYPE.equals(parameterTypes.get(id));
    }

    /** UTF-8 bytes of {@code text} as a JSON string's content: quotes, backslashes and control characters escaped. */
    private static long escapedBytes(String text) {
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f') {
                bytes += 1;
            } else if (c < 0x20) {
                bytes += 5;
            }
        }
        return bytes;
    }
}
