package io.egressallowlist.infra.controlplane;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.logs.CfnSubscriptionFilter;
import software.constructs.Construct;

/**
 * Delivers the firewall's ALERT log to alert-ingest: a CloudWatch Logs subscription filter on the log
 * group (in the network stack, known here by its fixed name) to the function's {@code live} alias, and
 * the permission for CloudWatch Logs to invoke that alias for this log group of this account only.
 *
 * <p>CloudWatch Logs invokes the function asynchronously with {@code {"awslogs":{"data":…}}} (base64 of
 * gzip; aws-api-notes §9), at least once, so the alias's retries and the function's dead-letter queue
 * apply as for the scheduled invocations. A log group takes at most two subscription filters; this is one.
 */
public final class AlertLogSubscription extends Construct {

    /** Every record: the log group holds only alerts, and alert-ingest decides what counts as blocked. */
    static final String EVERY_RECORD = "";

    public AlertLogSubscription(Construct scope, String id, String logGroupName, ControlPlaneFunction alertIngest) {
        super(scope, id);
        String logGroupArn = "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:"
                + logGroupName + ":*";
        // The resource policy CloudWatch Logs needs to invoke the function ("Using CloudWatch Logs subscription
        // filters", Lambda example): principal logs.amazonaws.com, bound to this log group and account so that
        // no other account's or group's subscription can invoke it (confused deputy).
        CfnPermission invoke = CfnPermission.Builder.create(this, "LogsInvokeAlias")
                .action("lambda:InvokeFunction")
                .functionName(alertIngest.alias().getFunctionArn())
                .principal("logs.amazonaws.com")
                .sourceArn(logGroupArn)
                .sourceAccount(Aws.ACCOUNT_ID)
                .build();
        CfnSubscriptionFilter filter = CfnSubscriptionFilter.Builder.create(this, "Filter")
                .filterName("alert-ingest")
                .logGroupName(logGroupName)
                .filterPattern(EVERY_RECORD)
                .destinationArn(alertIngest.alias().getFunctionArn())
                .build();
        // PutSubscriptionFilter checks that CloudWatch Logs may invoke the destination, so the permission first.
        filter.addDependency(invoke);
    }
}
