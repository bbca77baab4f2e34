package io.egressallowlist.infra.controlplane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.common.Nag;
import io.egressallowlist.infra.config.FunctionSizing;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * One control-plane function from its shaded jar: Java 21 on arm64, SnapStart on a published version
 * behind the {@code live} alias (every trigger invokes the alias, never {@code $LATEST}, which has no
 * snapshot), JSON logs to its own encrypted log group, and its own role that starts with nothing but
 * writing those logs. Functions invoked asynchronously also get a dead-letter queue.
 */
public final class ControlPlaneFunction extends Construct {

    public static final String ALIAS = "live";

    /**
     * @param name                function name from {@code FunctionNames}
     * @param handler             {@code Class::method}
     * @param jar                 the shaded jar
     * @param asynchronous        invoked by EventBridge; gets a dead-letter queue
     * @param layers              what the function reads under {@code /opt} (the approval policy)
     */
    public record Spec(String name, String handler, Path jar, FunctionSizing sizing, Map<String, String> environment,
                       boolean tracing, boolean asynchronous, List<ILayerVersion> layers) {
        public Spec {
            layers = List.copyOf(layers);
        }
    }

    private final String name;
    private final Role role;
    private final Function function;
    private final Alias alias;
    private final Queue deadLetterQueue;

    public ControlPlaneFunction(Construct scope, String id, Spec spec, LogEncryption logs) {
        super(scope, id);
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalStateException("The jar of " + spec.name() + " is missing: " + spec.jar()
                    + ". Build the functions first (mvn -DskipTests package), or point context 'functionsDir' "
                    + "at the directory holding <name>/target/<name>.jar.");
        }
        name = spec.name();
        ILogGroup logGroup = logs.logGroup(this, "Logs", null);
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of the " + spec.name() + " function.")
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        Nag.suppress(role, "AwsSolutions-IAM5", Nag.LOG_STREAMS_REASON, Nag.LOG_STREAMS_OF_ONE_GROUP);
        if (spec.tracing()) {
            Nag.suppress(role, "AwsSolutions-IAM5", "X-Ray trace upload (xray:PutTraceSegments, "
                    + "PutTelemetryRecords) has no resource-level permissions; granted only when tracing is on.",
                    "^Resource::\\*$");
        }
        deadLetterQueue = spec.asynchronous() ? DeadLetterQueues.create(this, "DeadLetterQueue") : null;

        Function.Builder builder = Function.Builder.create(this, "Function")
                .description("Egress allow-list control plane: " + spec.name())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handler())
                .code(Code.fromAsset(spec.jar().toString()))
                .memorySize(spec.sizing().memoryMb())
                .timeout(Duration.seconds(spec.sizing().timeoutSeconds()))
                .environment(spec.environment())
                .layers(spec.layers())
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .loggingFormat(LoggingFormat.JSON)
                .logGroup(logGroup)
                .role(role)
                .tracing(spec.tracing() ? Tracing.ACTIVE : Tracing.DISABLED);
        // No reserved concurrency: an account at the default quota (10, of which 10 must stay unreserved) cannot
        // deploy it (aws-api-notes §9). firewall-sync writes one at a time through its writer lease instead.
        if (deadLetterQueue != null) {
            builder.deadLetterQueue(deadLetterQueue);
        }
        function = builder.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Every trigger invokes the alias below, which points at a published version.");

        Alias.Builder aliasBuilder = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion());
        if (spec.asynchronous()) {
            // Lambda's own retries after EventBridge has handed the event over (aws-api-notes §4).
            aliasBuilder.retryAttempts(2).maxEventAge(Duration.hours(6));
        }
        alias = aliasBuilder.build();
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public Function function() {
        return function;
    }

    /** What every trigger invokes. */
    public Alias alias() {
        return alias;
    }

    /** Null for functions that are only invoked synchronously. */
    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }
}
