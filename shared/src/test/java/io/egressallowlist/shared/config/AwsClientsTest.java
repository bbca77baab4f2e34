package io.egressallowlist.shared.config;

import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.testing.LocalEnvironment;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DynaliteExtension.class)
class AwsClientsTest {

    @Test
    void clientsBuiltInTheBackgroundAreTheOnesEveryCallerGetsAndBuildingCallsNoService(Dynalite dynalite) throws Exception {
        try (AwsJsonServer aws = AwsJsonServer.start(0, EventBridgeEmulator.create())) {
            AwsClients clients = new AwsClients(config(dynalite, aws));

            clients.buildInBackground(AwsClients::dynamo, AwsClients::eventBridge);
            // Callers asking at the same time as the background build wait for it and share its instance.
            List<Object> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService callers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                done.add(callers.submit(() -> {
                    go.await();
                    seen.add(clients.dynamo());
                    seen.add(clients.eventBridge());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
            callers.shutdown();

            assertThat(seen).filteredOn(DynamoDbClient.class::isInstance).hasSize(4)
                    .allSatisfy(client -> assertThat(client).isSameAs(clients.dynamo()));
            assertThat(seen).filteredOn(EventBridgeClient.class::isInstance).hasSize(4)
                    .allSatisfy(client -> assertThat(client).isSameAs(clients.eventBridge()));
            assertThat(aws.calls().calls()).as("building a client sends nothing").isEmpty();
            // And the clients work.
            assertThat(clients.dynamo().listTables().tableNames()).isNotNull();
        }
    }

    private static ControlPlaneConfig config(Dynalite dynalite, AwsJsonServer aws) {
        return LocalEnvironment.of(TableNames.withPrefix("clients"), "egress-control-plane", dynalite.endpoint(),
                aws.endpoint()).policy(LocalEnvironment.ONE_APPROVER_POLICY).config();
    }
}
