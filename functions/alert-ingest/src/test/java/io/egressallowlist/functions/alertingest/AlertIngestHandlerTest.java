package io.egressallowlist.functions.alertingest;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.notify.BlockedDigest;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import io.egressallowlist.shared.testing.LocalEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler on dynalite and the EC2 emulator: alert log deliveries in, blocked attempts stored. */
@ExtendWith(DynaliteExtension.class)
class AlertIngestHandlerTest {

    private static final String RULE_GROUP = "arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/egress";

    private AwsJsonServer aws;
    private ControlPlane plane;
    private AlertIngestHandler handler;
    private final List<BlockedDigest> sent = new ArrayList<>();

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("ingest"));
        TableSchemas.createAll(dynamo, tables);
        aws = AwsJsonServer.start(0, List.of(), List.of(Ec2Emulator.withSampleStudio()));
        plane = ControlPlane.builder(FunctionNames.ALERT_INGEST, LocalEnvironment.of(tables, "bus", dynalite.endpoint(),
                aws.endpoint()).policy(LocalEnvironment.ONE_APPROVER_POLICY).ruleGroupArn(RULE_GROUP)
                .studioSubnets(Map.of(SageMakerSamples.VPC_ONLY_SUBNETS.get(0), SageMakerSamples.VPC_ONLY_DOMAIN_ID))
                .config()).blockedDigests(sent::add).build();
        handler = new AlertIngestHandler(plane);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    private static String alert(String source, String tlsSni) {
        return """
                {"firewall_name":"egress","availability_zone":"us-east-1a","event_timestamp":"1795000000",\
                "event":{"event_type":"alert","src_ip":"%s","src_port":51000,"dest_ip":"192.0.2.10","dest_port":443,\
                "proto":"TCP","app_proto":"tls","timestamp":"2026-11-20T10:15:02.123456+0000",\
                "alert":{"action":"blocked","signature_id":2,"signature":"not allow-listed"},"tls":{"sni":%s}}}"""
                .formatted(source, tlsSni);
    }

    private static String events(List<String> messages) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            events.add("{\"id\":\"3600000%d\",\"timestamp\":1795000000000,\"message\":%s}".formatted(i,
                    quote(messages.get(i))));
        }
        return AwsLogs.dataMessage("[" + String.join(",", events) + "]");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private List<BlockedAttempt> stored() {
        return plane.blocked().attempts().since(Instant.parse("2026-11-20T00:00:00Z"));
    }

    @Test
    void aDeliveryIsStoredOncePerPairAndItsReplayAddsNothing() {
        String app = Ec2Samples.DATA_SCIENTIST_APP_ADDRESS;
        Map<String, Object> event = AwsLogs.event(events(List.of(alert(app, "\"cdn-lfs.hf.co\""),
                alert(app, "\"cdn-lfs.hf.co\""), alert(app, "\"xethub.hf.co\""))));

        Map<String, Object> first = handler.handleRequest(event, null);
        Map<String, Object> replay = handler.handleRequest(event, null);

        assertThat(first).containsEntry("records", 3).containsEntry("pairsWritten", 2).containsEntry("skipped", 0);
        assertThat(replay).containsEntry("pairsWritten", 0).containsEntry("alreadyCounted", 2);
        assertThat(stored()).extracting(a -> a.host().shown() + "=" + a.count())
                .containsExactlyInAnyOrder("cdn-lfs.hf.co=2", "xethub.hf.co=1");
    }

    @Test
    void nastyRecordsAreSkippedAndCountedOrKeptAsData() {
        String app = Ec2Samples.DATA_SCIENTIST_APP_ADDRESS;
        String longName = "a".repeat(5_000) + ".example.com";
        Map<String, Object> result = handler.handleRequest(AwsLogs.event(events(List.of(
                "{\"event\":{\"event_type\":\"alert\",\"src_ip\":\"10.", // truncated
                "not json at all",
                alert(app, "\"x\"").replace("\"alert\",\"src_ip\"", "\"netflow\",\"src_ip\""),
                alert("<script>", "\"example.com\""),
                alert(app, "null"),
                alert(app, "\"192.0.2.10\""),
                alert(app, "\"<!channel>\""),
                alert(app, "\"" + longName + "\""),
                alert(app, "\"bücher.de\"")))), null);

        assertThat(result).containsEntry("records", 9).containsEntry("skipped", 5);
        assertThat(result.get("skippedBy").toString()).contains("malformed=2", "notAnAlert=1", "noSourceAddress=1",
                "noHost=1");
        assertThat(stored()).extracting(a -> a.host().shown()).containsExactlyInAnyOrder("192.0.2.10", "<!channel>",
                longName.substring(0, 260), "xn--bcher-kva.de");
        assertThat(stored()).filteredOn(a -> !a.host().shown().equals("xn--bcher-kva.de"))
                .allSatisfy(a -> assertThat(a.host().isRequestable()).isFalse());
    }

    @Test
    void aGzipBombIsRefusedWithAClearReasonAndChangesNothing() {
        String bomb = Base64.getEncoder().encodeToString(AwsLogs.gzip(new byte[SubscriptionData.MAX_DECODED_BYTES + 1]));

        Map<String, Object> result = handler.handleRequest(Map.of("awslogs", Map.of("data", bomb)), null);

        assertThat(result.get("refused").toString()).contains("decompression bomb");
        assertThat(stored()).isEmpty();
    }

    @Test
    void aControlMessageAndAnUnknownEventChangeNothing() {
        assertThat(handler.handleRequest(AwsLogs.event(AwsLogs.controlMessage()), null))
                .containsEntry("messageType", "CONTROL_MESSAGE").containsEntry("records", 0);
        assertThat(handler.handleRequest(Map.of("source", "aws.s3"), null)).containsEntry("ignored", true);
        assertThat(stored()).isEmpty();
        assertThat(handler.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event"), null))
                .containsEntry("digestsDue", 0);
        assertThat(sent).isEmpty();
        assertThat(new String(Base64.getDecoder().decode(PrimingSample.DATA.substring(0, 4)), StandardCharsets.ISO_8859_1))
                .isNotEmpty();
    }
}
