package io.egressallowlist.infra.common;

import java.util.List;
import java.util.stream.IntStream;

import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.ssm.ParameterValueType;
import software.amazon.awscdk.services.ssm.StringListParameter;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * How one stack hands a value to another: an SSM parameter written by the producing stack and read by the
 * consuming stack through an SSM parameter type, never a cross-stack export.
 *
 * <p>Why: CloudFormation refuses to change or delete an export while another stack imports it ("export …
 * cannot be updated as it is in use"), so replacing the Studio domain (a rename) or removing a zone's subnet
 * would fail. A parameter can change at any time; CloudFormation reads the current value of an
 * {@code AWS::SSM::Parameter::Value<…>} parameter on every create and update of the consuming stack
 * ("Specify existing resources at runtime with CloudFormation-supplied parameter types"), so deploying the
 * consumer after the producer picks up the new value. The stacks declare their deployment order explicitly.
 */
public final class SharedParameters {

    private SharedParameters() {
    }

    /** {@code /<producing stack>/<key>}: one namespace per producing stack. */
    public static String name(String producingStack, String key) {
        return "/" + producingStack + "/" + key;
    }

    public static void publish(Construct scope, String id, String name, String value, String description) {
        StringParameter.Builder.create(scope, id)
                .parameterName(name)
                .stringValue(value)
                .description(description)
                .build();
    }

    public static void publishList(Construct scope, String id, String name, List<String> values, String description) {
        StringListParameter.Builder.create(scope, id)
                .parameterName(name)
                .stringListValue(values)
                .description(description)
                .build();
    }

    /** The current value of parameter {@code name}, resolved by CloudFormation at each deploy of {@code scope}'s stack. */
    public static String read(Construct scope, String name) {
        return StringParameter.valueForStringParameter(scope, name);
    }

    /** The first {@code count} elements of the string list parameter {@code name}, resolved at each deploy. */
    /**
     * The current value of list parameter {@code name} as one comma-separated string, resolved at each deploy: one
     * value however many elements the list has.
     */
    public static String readJoined(Construct scope, String name) {
        return Fn.join(",", StringListParameter.valueForTypedListParameter(scope, name));
    }

    /**
     * As {@link #readList}, typed as subnet ids: CloudFormation checks at each deploy that every element is an
     * existing subnet's id, which also bounds its length (FunctionEnvironmentLimit).
     */
    public static List<String> readSubnetList(Construct scope, String name, int count) {
        List<String> all = StringListParameter.valueForTypedListParameter(scope, name, ParameterValueType.AWS_EC2_SUBNET_ID);
        return IntStream.range(0, count).mapToObj(i -> Fn.select(i, all)).toList();
    }

    public static List<String> readList(Construct scope, String name, int count) {
        List<String> all = StringListParameter.valueForTypedListParameter(scope, name);
        return IntStream.range(0, count).mapToObj(i -> Fn.select(i, all)).toList();
    }
}
