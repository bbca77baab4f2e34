package io.egressallowlist.shared.eventbridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.EventPattern;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventPublisherContract;
import io.egressallowlist.shared.events.EventTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The publisher contract through PutEvents, told by what a rule on the EventBridge emulator's bus delivers. */
class EventBridgePublisherTest extends EventPublisherContract {

    private static final String BUS = "egress-allowlist";

    private final EventBridgeEmulator emulator = EventBridgeEmulator.synchronous();
    private final List<ObjectNode> delivered = new CopyOnWriteArrayList<>();
    private AwsJsonServer server;
    private EventBridgeClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = AwsJsonServer.start(0, emulator);
        emulator.createEventBus(BUS);
        emulator.subscribe(BUS, EventPattern.parse("{\"source\": [\"" + EventTypes.SOURCE + "\"]}"), delivered::add);
        client = EventBridgeClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
        emulator.close();
    }

    @Override
    protected EventPublisher publisher() {
        return new EventBridgePublisher(client, BUS);
    }

    @Override
    protected EventPublisher publisherTheBusRefuses() {
        return new EventBridgePublisher(client, "no-such-bus");
    }

    @Override
    protected List<Received> received() {
        return delivered.stream().map(envelope -> new Received(envelope.path("source").asText(),
                envelope.path("detail-type").asText(), envelope.path("detail"))).toList();
    }
}
