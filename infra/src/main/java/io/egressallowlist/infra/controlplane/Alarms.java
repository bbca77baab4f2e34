package io.egressallowlist.infra.controlplane;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Alarms on everything that needs a person: any function error, any message in a dead-letter queue,
 * and every drift, noncompliant Studio domain or failed reconcile event. All notify one encrypted
 * topic that the operator subscribes to.
 */
public final class Alarms extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic topic;
    private final SnsAction notify;

    public Alarms(Construct scope, String id, Collection<ControlPlaneFunction> functions, IEventBus bus,
                  Map<String, Rule> signalRules) {
        super(scope, id);
        Key key = Key.Builder.create(this, "TopicKey")
                .description("Encrypts the egress allow-list alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // CloudWatch alarms publish to an encrypted topic only if they may use its key ("Enable compatibility
        // between event sources from AWS services and encrypted topics", Amazon SNS developer guide). Only for
        // alarms of this account and region: CloudWatch sends aws:SourceAccount and aws:SourceArn with the
        // request, so another account's alarm cannot use this key through the service (confused deputy).
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsOfThisAccount")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                        "ArnLike", Map.of("aws:SourceArn",
                                "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":alarm:*")))
                .build());
        topic = Topic.Builder.create(this, "Topic")
                .displayName("Egress allow-list alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        notify = new SnsAction(topic);

        for (ControlPlaneFunction function : functions) {
            alarm(function.name() + "-errors", "The " + function.name() + " function failed",
                    function.function().metricErrors(MetricOptions.builder().period(PERIOD).statistic("Sum").build()));
            if (function.deadLetterQueue() != null) {
                alarm(function.name() + "-dead-letters", "Events for " + function.name()
                                + " ended in its dead-letter queue: they were never processed",
                        function.deadLetterQueue().metricApproximateNumberOfMessagesVisible(
                                MetricOptions.builder().period(PERIOD).statistic("Maximum").build()));
            }
        }
        signalRules.forEach((name, rule) -> alarm(name, "A '" + name + "' event was published on the control-plane bus",
                Metric.Builder.create()
                        .namespace("AWS/Events")
                        .metricName("MatchedEvents")
                        .dimensionsMap(Map.of("EventBusName", bus.getEventBusName(), "RuleName", rule.getRuleName()))
                        .period(PERIOD)
                        .statistic("Sum")
                        .build()));
    }

    private void alarm(String id, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
    }

    public Topic topic() {
        return topic;
    }
}
