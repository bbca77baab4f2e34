package io.egressallowlist.infra.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * A small Python function that answers CloudFormation for one custom resource type, with its own role
 * (exactly the given statements plus writing its own log group) and an encrypted log group. The source is a
 * resource file beside the construct that uses it, inlined into the template with the answer every handler
 * sends ({@link #inlineSource}).
 */
public final class CustomResourceFunction extends Construct {

    private final Function function;

    /**
     * @param owner       the construct whose package holds {@code sourceFile}
     * @param description what the function does, for the console
     * @param statements  everything the function may do besides writing its logs
     * @param timeout     how long one request may take, retries included
     */
    public CustomResourceFunction(Construct scope, String id, Class<?> owner, String sourceFile, String description,
                                  List<PolicyStatement> statements, Duration timeout, LogEncryption logs) {
        super(scope, id);
        ILogGroup logGroup = logs.logGroup(this, "Logs", null);
        List<PolicyStatement> all = new ArrayList<>(statements);
        all.add(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .inlinePolicies(Map.of("CustomResource", PolicyDocument.Builder.create().statements(all).build()))
                .build();
        Nag.suppress(role, "AwsSolutions-IAM5", Nag.LOG_STREAMS_REASON, Nag.LOG_STREAMS_OF_ONE_GROUP);
        function = Function.Builder.create(this, "Function")
                .description("Custom resource: " + description)
                .runtime(Runtime.PYTHON_3_13)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline(inlineSource(owner, sourceFile)))
                .timeout(timeout)
                .memorySize(256)
                .role(role)
                .logGroup(logGroup)
                .build();
    }

    /** A resource of {@code type} ({@code Custom::…}) answered by this function. */
    public CustomResource resource(Construct scope, String id, String type, Map<String, Object> properties) {
        return CustomResource.Builder.create(scope, id)
                .serviceToken(function.getFunctionArn())
                .resourceType(type)
                .properties(properties)
                .build();
    }

    public Function function() {
        return function;
    }

    /**
     * The handler {@code file} beside {@code owner}, followed by {@code custom_resource.py} (its {@code respond}).
     * An inline function's code is the one file {@code index.py}, so the handler cannot import a second file.
     */
    public static String inlineSource(Class<?> owner, String file) {
        return source(owner, file) + "\n\n" + source(CustomResourceFunction.class, "custom_resource.py");
    }

    private static String source(Class<?> owner, String file) {
        try (InputStream in = owner.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
