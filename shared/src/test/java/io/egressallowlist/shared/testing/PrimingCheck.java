package io.egressallowlist.shared.testing;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.SnapStartPriming;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves a function's SnapStart priming (aws-api-notes §6) changes nothing: the handler is built against
 * local dynalite, the AWS emulators (EC2 included) and the Slack stand-in, its checkpoint and restore hooks run, and
 * afterwards no emulator or Slack call was made and every table is still empty.
 */
public final class PrimingCheck {

    /** The hooks of one handler, as its test runs them. */
    @FunctionalInterface
    public interface Hooks {
        void beforeCheckpointThenAfterRestore() throws Exception;

        /** The checkpoint hook of a handler's priming, then its restore hook, as SnapStart runs them. */
        static Hooks of(SnapStartPriming priming) {
            return () -> {
                priming.beforeCheckpoint(null);
                priming.afterRestore(null);
            };
        }
    }

    private PrimingCheck() {
    }

    public static void assertPrimingChangesNothing(Dynalite dynalite, DynamoDbClient dynamo,
                                                   Function<ControlPlaneConfig, Hooks> handler) throws Exception {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("priming"));
        TableSchemas.createAll(dynamo, tables);
        try (AwsJsonServer aws = AwsJsonServer.start(0, List.of(new NetworkFirewallEmulator(),
                        SageMakerEmulator.withSampleStudio(), EventBridgeEmulator.create()),
                List.of(Ec2Emulator.withSampleStudio()));
             SlackWebApiDouble slack = SlackWebApiDouble.start("xoxb-priming-test")) {
            ControlPlaneConfig config = LocalEnvironment.of(tables, "egress-control-plane", dynalite.endpoint(),
                    aws.endpoint())
                    .ruleGroupArn("arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/studio-egress")
                    .firewallName("studio-egress-firewall")
                    .policy(LocalEnvironment.ONE_APPROVER_POLICY)
                    .studioDomainIds(List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID))
                    .protectedSubnetIds(SageMakerSamples.VPC_ONLY_SUBNETS)
                    .slackChannel("C0APPROVALS")
                    .slackApiUrl(slack.apiUrl())
                    .slackSecrets("priming-test-signing-secret", "xoxb-priming-test")
                    .config();

            handler.apply(config).beforeCheckpointThenAfterRestore();

            assertThat(aws.calls().calls()).as("calls to the AWS emulators").isEmpty();
            assertThat(slack.calls()).as("calls to Slack").isEmpty();
            for (String table : List.of(tables.requests(), tables.versions(), tables.audit(), tables.blocked())) {
                assertThat(dynamo.scan(b -> b.tableName(table)).count()).as(table).isZero();
            }
        }
    }
}
