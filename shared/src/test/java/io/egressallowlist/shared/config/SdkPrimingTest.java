package io.egressallowlist.shared.config;

import io.egressallowlist.shared.testing.LocalEnvironment;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DynaliteExtension.class)
class SdkPrimingTest {

    @Test
    void primingEveryServiceSendsNothingAndWritesNothing(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("priming"));
        TableSchemas.createAll(dynamo, tables);
        try (AwsJsonServer aws = AwsJsonServer.start(0, List.of(new NetworkFirewallEmulator(), SageMakerEmulator.create(),
                EventBridgeEmulator.create()), List.of(Ec2Emulator.create()))) {
            ControlPlaneConfig config = LocalEnvironment.of(tables, "egress-control-plane", dynalite.endpoint(),
                    aws.endpoint())
                    .ruleGroupArn("arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/studio-egress")
                    .policy(LocalEnvironment.ONE_APPROVER_POLICY).config();

            SdkPriming priming = new SdkPriming(config)
                    .dynamo().eventBridge().networkFirewall().sageMaker().ec2().secretsManager();

            // 4 DynamoDB + 1 EventBridge + 2 Network Firewall + 2 SageMaker + 1 EC2 + 1 Secrets Manager, each refused
            // once.
            assertThat(priming.refusedRequests()).isEqualTo(11);
            assertThat(aws.calls().calls()).isEmpty();
            for (String table : List.of(tables.requests(), tables.versions(), tables.audit())) {
                assertThat(dynamo.scan(b -> b.tableName(table)).count()).as(table).isZero();
            }
        }
    }
}
