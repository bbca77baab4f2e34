package io.egressallowlist.functions.studioguard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.ec2.RouteTable;
import io.egressallowlist.emulators.ec2.VpcEndpoint;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.EventPattern;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.sagemaker.StudioDomain;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import io.egressallowlist.shared.testing.LocalEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynaliteExtension.class)
class StudioGuardHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUS = "egress-allowlist";
    private static final String NEW_DOMAIN = "d-newdomain0042";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private final SageMakerEmulator sageMaker = SageMakerEmulator.withSampleStudio();
    private final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    private final Ec2Emulator ec2 = Ec2Emulator.withSampleStudio();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final List<String> told = notifier.noncompliant;
    private AwsJsonServer aws;
    private ControlPlaneEnvironment env;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws IOException {
        aws = AwsJsonServer.start(0, List.of(sageMaker, eventBridge), List.of(ec2));
        eventBridge.createEventBus(BUS);
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("guard"));
        TableSchemas.createAll(dynamo, tables);
        env = LocalEnvironment.of(tables, BUS, dynalite.endpoint(), aws.endpoint())
                .policy("default-duration = P30D\nmax-duration = P90D\nquorum = 1\napprovers = U0APPROVE1")
                .set(EnvKey.STUDIO_DOMAIN_IDS, SageMakerSamples.VPC_ONLY_DOMAIN_ID + ", " + SageMakerSamples.PUBLIC_DOMAIN_ID)
                .protectedSubnetIds(SageMakerSamples.VPC_ONLY_SUBNETS)
                .networkPosture(SageMakerSamples.VPC_ID, "firewall-first", Ec2Samples.FIREWALL_ENDPOINT_IDS,
                        Ec2Samples.DEFAULT_POLICY_SERVICES);
    }

    @AfterEach
    void tearDown() {
        aws.close();
        eventBridge.close();
    }

    @Test
    void theHourlyScheduleReportsThePublicInternetDomainAndPassesTheVpcOnlyOne() {
        Map<String, Object> summary = handler().handleRequest(scheduled(), null);

        assertThat(summary).containsEntry("trigger", "schedule")
                .containsEntry("compliant", List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID))
                .containsEntry("noncompliant", List.of(SageMakerSamples.PUBLIC_DOMAIN_ID))
                .containsEntry("reported", List.of(SageMakerSamples.PUBLIC_DOMAIN_ID));
        assertThat(told).singleElement().asString().startsWith(SageMakerSamples.PUBLIC_DOMAIN_ID).contains("PublicInternetOnly");
        assertThat(noncompliantEvents()).singleElement().satisfies(detail ->
                assertThat(detail.path("domainId").asText()).isEqualTo(SageMakerSamples.PUBLIC_DOMAIN_ID));
    }

    @Test
    void aDomainCreatedOutsideTheConfiguredListIsCheckedFromItsCloudTrailRecord() {
        sageMaker.putDomain(StudioDomain.publicInternetOnly(NEW_DOMAIN, "shadow-studio", SageMakerSamples.VPC_ID,
                SageMakerSamples.VPC_ONLY_SUBNETS, SageMakerSamples.DEFAULT_EXECUTION_ROLE, NOW));
        StudioGuardHandler handler = handler();
        List<Map<String, Object>> summaries = new ArrayList<>();
        eventBridge.subscribe(EventBridgeEmulator.DEFAULT_BUS, EventPattern.parse(EventRoutes.STUDIO_DOMAIN_CHANGES.pattern()),
                envelope -> summaries.add(handler.handleRequest(asMap(envelope), null)));

        eventBridge.inject(EventBridgeEmulator.DEFAULT_BUS, cloudTrail("CreateDomain", Map.of("domainName", "shadow-studio"),
                Map.of("domainArn", "arn:aws:sagemaker:us-east-1:123456789012:domain/" + NEW_DOMAIN)));

        assertThat(summaries).singleElement().satisfies(summary -> {
            assertThat(summary).containsEntry("trigger", "CreateDomain");
            assertThat(summary.get("reported")).asString().contains(NEW_DOMAIN);
        });
        assertThat(noncompliantEvents()).extracting(d -> d.path("domainId").asText()).contains(NEW_DOMAIN);
    }

    @Test
    void anUpdateThatMovesTheVpcOnlyDomainToOtherSubnetsIsReported() {
        sageMaker.updateDomain(SageMakerSamples.VPC_ONLY_DOMAIN_ID, domain -> domain.withNetwork(SageMakerSamples.VPC_ID,
                List.of("subnet-0999999999999999a"), NOW));

        Map<String, Object> summary = handler().handleRequest(asMap(cloudTrail("UpdateDomain",
                Map.of("domainId", SageMakerSamples.VPC_ONLY_DOMAIN_ID), Map.of())), null);

        assertThat(summary.get("reported")).asString().contains(SageMakerSamples.VPC_ONLY_DOMAIN_ID);
        assertThat(noncompliantEvents()).filteredOn(d -> d.path("domainId").asText().equals(SageMakerSamples.VPC_ONLY_DOMAIN_ID))
                .singleElement().satisfies(d -> assertThat(d.path("reasons").get(0).asText()).isEqualTo("UNPROTECTED_SUBNETS"));
    }

    @Test
    void theSameEventDeliveredTwiceReportsOnce() {
        StudioGuardHandler handler = handler();

        handler.handleRequest(scheduled(), null);
        Map<String, Object> second = handler.handleRequest(scheduled(), null);

        assertThat(second).containsEntry("reported", List.of())
                .containsEntry("noncompliant", List.of(SageMakerSamples.PUBLIC_DOMAIN_ID));
        assertThat(told).hasSize(1);
        assertThat(noncompliantEvents()).hasSize(1);
    }

    @Test
    void aConfiguredDomainThatNoLongerExistsIsReportedBecauseItCannotBeVerified() {
        env.studioDomainIds(List.of("d-deleted00007"));

        Map<String, Object> summary = handler().handleRequest(scheduled(), null);

        assertThat(summary).containsEntry("reported", List.of("d-deleted00007", SageMakerSamples.PUBLIC_DOMAIN_ID));
        assertThat(noncompliantEvents()).filteredOn(d -> d.path("domainId").asText().equals("d-deleted00007"))
                .singleElement().satisfies(d -> assertThat(d.path("reasons").get(0).asText()).isEqualTo("NOT_FOUND"));
    }

    @Test
    void aPublicDomainCreatedAfterStartUpIsReportedByTheNextScheduledRunWithoutCloudTrailAndAgainOnALaterDay() {
        StudioGuardHandler handler = handler(NOW);
        assertThat(handler.handleRequest(scheduled(), null)).containsEntry("reported", List.of(SageMakerSamples.PUBLIC_DOMAIN_ID));

        sageMaker.putDomain(StudioDomain.publicInternetOnly(NEW_DOMAIN, "shadow-studio", SageMakerSamples.VPC_ID,
                SageMakerSamples.VPC_ONLY_SUBNETS, SageMakerSamples.DEFAULT_EXECUTION_ROLE, NOW.plusSeconds(600)));
        Map<String, Object> nextRun = handler(NOW.plus(Duration.ofHours(1))).handleRequest(scheduled(), null);
        Map<String, Object> sameDay = handler(NOW.plus(Duration.ofHours(2))).handleRequest(scheduled(), null);
        Map<String, Object> laterDay = handler(NOW.plus(Duration.ofDays(2))).handleRequest(scheduled(), null);

        assertThat(nextRun).containsEntry("trigger", "schedule")
                .containsEntry("checked", List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID, SageMakerSamples.PUBLIC_DOMAIN_ID,
                        NEW_DOMAIN))
                .containsEntry("reported", List.of(NEW_DOMAIN));
        assertThat(sameDay).containsEntry("reported", List.of())
                .containsEntry("noncompliant", List.of(SageMakerSamples.PUBLIC_DOMAIN_ID, NEW_DOMAIN));
        assertThat(laterDay).containsEntry("reported", List.of(SageMakerSamples.PUBLIC_DOMAIN_ID, NEW_DOMAIN));
        assertThat(told).filteredOn(t -> t.startsWith(NEW_DOMAIN)).hasSize(2)
                .allSatisfy(t -> assertThat(t).contains("PublicInternetOnly"));
        assertThat(noncompliantEvents()).filteredOn(d -> d.path("domainId").asText().equals(NEW_DOMAIN)).hasSize(2)
                .allSatisfy(d -> assertThat(d.path("appNetworkAccessType").asText()).isEqualTo("PublicInternetOnly"));
        assertThat(aws.calls().count(SageMakerEmulator.TARGET_PREFIX, "ListDomains")).isEqualTo(4);
    }

    @Test
    void whenTheBusFailsTheChannelIsStillToldAndTheInvocationFails() {
        aws.faults(EventBridgeEmulator.TARGET_PREFIX).internalErrorNext(50);

        assertThatThrownBy(() -> handler().handleRequest(scheduled(), null)).isInstanceOf(RuntimeException.class);

        assertThat(told).hasSize(1);
    }

    @Test
    void aCloudTrailRecordWithoutAUsableDomainIdIsRefusedAndChecksNothing() {
        List<Map<String, Object>> records = List.of(
                asMap(cloudTrail("UpdateDomain", Map.of("domainId", "d-UPPER/../x"), Map.of())),
                asMap(cloudTrail("CreateDomain", Map.of("domainName", "x"), Map.of("domainArn", "not-an-arn"))),
                asMap(cloudTrail("CreateDomain", Map.of(), Map.of())));

        for (Map<String, Object> record : records) {
            assertThat(handler().handleRequest(record, null)).containsEntry("ignored", true)
                    .extractingByKey("reason").asString().contains("domain id");
        }
        assertThat(told).isEmpty();
        assertThat(eventBridge.published(BUS)).isEmpty();
    }

    @Test
    void otherEventsAreIgnoredAndChangeNothing() {
        List<Map<String, Object>> unexpected = new ArrayList<>();
        unexpected.add(asMap(cloudTrail("DeleteDomain", Map.of("domainId", SageMakerSamples.PUBLIC_DOMAIN_ID), Map.of())));
        unexpected.add(Map.of("source", EventTypes.SOURCE, "detail-type", EventTypes.REQUEST_APPROVED));
        unexpected.add(Map.of("source", "aws.sagemaker", "detail-type", "SageMaker Training Job State Change"));
        unexpected.add(Map.of());
        unexpected.add(null);
        StudioGuardHandler handler = handler();

        for (Map<String, Object> event : unexpected) {
            assertThat(handler.handleRequest(event, null)).containsEntry("ignored", true);
        }
        assertThat(told).isEmpty();
        assertThat(eventBridge.published(BUS)).isEmpty();
    }

    @Test
    void aMalformedDomainIdInTheConfigurationIsRefusedAtStart() {
        env.set(EnvKey.STUDIO_DOMAIN_IDS, "d-vpconly0sample1, studio-prod");

        assertThatThrownBy(this::handler).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnvKey.STUDIO_DOMAIN_IDS.name()).hasMessageContaining("studio-prod");
    }

    @Test
    void withoutProtectedSubnetsTheGuardRefusesToStart() {
        env.without(EnvKey.PROTECTED_SUBNET_IDS);

        assertThatThrownBy(this::handler).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnvKey.PROTECTED_SUBNET_IDS.name());
    }

    // ---------------------------------------------------------------- network posture

    @Test
    void theSampleNetworkAsDeployedReportsNoPostureFinding() {
        Map<String, Object> summary = handler().handleRequest(scheduled(), null);

        assertThat(summary).containsEntry("posture", List.of()).containsEntry("postureReported", List.of());
        assertThat(notifier.posture).isEmpty();
        assertThat(postureEvents()).isEmpty();
    }

    @Test
    void aSubnetLeftOnTheMainRouteTableAndAnOpenGatewayEndpointAreReportedOnceADay() {
        String subnetA = SageMakerSamples.VPC_ONLY_SUBNETS.get(0);
        ec2.putRouteTable(new RouteTable("rtb-05a6e0000000000a0", SageMakerSamples.VPC_ID, false, List.of(),
                List.of(new RouteTable.Route("0.0.0.0/0", Ec2Samples.FIREWALL_ENDPOINT_IDS.get(0)))));
        ec2.putEndpoint(new VpcEndpoint("vpce-05a6e0000000005f3", SageMakerSamples.VPC_ID, "com.amazonaws.us-east-1.s3",
                "Gateway", VpcEndpoint.DEFAULT_POLICY));

        Map<String, Object> first = handler().handleRequest(scheduled(), null);
        Map<String, Object> again = handler().handleRequest(scheduled(), null);

        assertThat(first).containsEntry("posture", List.of("MAIN_ROUTE_TABLE:" + subnetA,
                "ENDPOINT_FULL_ACCESS_POLICY:vpce-05a6e0000000005f3"))
                .containsEntry("postureReported", List.of(subnetA, "vpce-05a6e0000000005f3"));
        assertThat(again.get("posture")).isEqualTo(first.get("posture"));
        assertThat(again).containsEntry("postureReported", List.of());
        assertThat(notifier.posture).hasSize(2);
        assertThat(notifier.posture.get(0)).startsWith(subnetA + ": ").contains("main route table rtb-05a6e0000000000f0");
        assertThat(notifier.posture.get(1)).contains("com.amazonaws.us-east-1.s3", "default full-access policy");
        assertThat(postureEvents()).hasSize(2).first().satisfies(detail -> {
            assertThat(detail.path("vpcId").asText()).isEqualTo(SageMakerSamples.VPC_ID);
            assertThat(detail.path("resourceId").asText()).isEqualTo(subnetA);
            assertThat(detail.path("reason").asText()).isEqualTo("MAIN_ROUTE_TABLE");
        });
    }

    @Test
    void aDefaultRouteToTheInternetGatewayIsReportedWithItsRouteTable() {
        String subnetB = SageMakerSamples.VPC_ONLY_SUBNETS.get(1);
        ec2.putRouteTable(new RouteTable("rtb-05a6e0000000000a1", SageMakerSamples.VPC_ID, false, List.of(subnetB),
                List.of(new RouteTable.Route("0.0.0.0/0", "igw-0123456789abcdef0"))));

        Map<String, Object> summary = handler().handleRequest(scheduled(), null);

        assertThat(summary).containsEntry("posture", List.of("DEFAULT_ROUTE_BYPASSES_FIREWALL:" + subnetB));
        assertThat(notifier.posture).singleElement().asString()
                .contains("rtb-05a6e0000000000a1", subnetB, "igw-0123456789abcdef0");
    }

    @Test
    void ec2UnavailableFailsTheRunAfterTheDomainsWereReported() {
        aws.faults(Ec2Emulator.NAME).throttleNext(100);

        assertThatThrownBy(() -> handler().handleRequest(scheduled(), null)).isInstanceOf(RuntimeException.class);
        assertThat(told).singleElement().asString().startsWith(SageMakerSamples.PUBLIC_DOMAIN_ID);
    }

    // ---------------------------------------------------------------- helpers

    private StudioGuardHandler handler() {
        return handler(NOW);
    }

    private StudioGuardHandler handler(Instant now) {
        return new StudioGuardHandler(ControlPlane.builder(FunctionNames.STUDIO_GUARD, env.config())
                .notifier(notifier).clock(Clock.fixed(now, ZoneOffset.UTC)).build());
    }

    private List<JsonNode> noncompliantEvents() {
        return eventBridge.published(BUS).stream().filter(e -> e.detailType().equals(EventTypes.STUDIO_DOMAIN_NONCOMPLIANT))
                .map(PublishedEvent::envelope).map(e -> e.path("detail")).toList();
    }

    private List<JsonNode> postureEvents() {
        return eventBridge.published(BUS).stream()
                .filter(e -> e.detailType().equals(EventTypes.NETWORK_POSTURE_NONCOMPLIANT))
                .map(PublishedEvent::envelope).map(e -> e.path("detail")).toList();
    }

    private static Map<String, Object> scheduled() {
        return Map.of("version", "0", "id", "7c2e4b1a-3f5d-4e6a-8b9c-0d1e2f3a4b5c", "detail-type", "Scheduled Event",
                "source", "aws.events", "account", "123456789012", "time", "2026-11-20T10:00:00Z",
                "region", "us-east-1", "resources", List.of("arn:aws:events:us-east-1:123456789012:rule/guard"),
                "detail", Map.of());
    }

    /** The EventBridge envelope of a CloudTrail management event for a SageMaker call (aws-api-notes §2). */
    private static ObjectNode cloudTrail(String eventName, Map<String, Object> request, Map<String, Object> response) {
        Map<String, Object> detail = new HashMap<>();
        detail.put("eventVersion", "1.09");
        detail.put("userIdentity", Map.of("type", "AssumedRole",
                "arn", "arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob"));
        detail.put("eventTime", "2026-11-20T09:59:58Z");
        detail.put("eventSource", "sagemaker.amazonaws.com");
        detail.put("eventName", eventName);
        detail.put("awsRegion", "us-east-1");
        detail.put("sourceIPAddress", "203.0.113.7");
        detail.put("userAgent", "aws-cli/2.15.0");
        detail.put("requestParameters", request);
        detail.put("responseElements", response);
        detail.put("requestID", "4f1e1d2c-0b9a-4877-9c65-43210fedcba9");
        detail.put("eventID", "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d");
        detail.put("readOnly", false);
        detail.put("eventType", "AwsApiCall");
        detail.put("managementEvent", true);
        detail.put("recipientAccountId", "123456789012");
        ObjectNode envelope = JSON.createObjectNode()
                .put("version", "0").put("id", "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a")
                .put("detail-type", "AWS API Call via CloudTrail").put("source", "aws.sagemaker")
                .put("account", "123456789012").put("time", "2026-11-20T10:00:00Z").put("region", "us-east-1");
        envelope.putArray("resources");
        envelope.set("detail", JSON.valueToTree(detail));
        return envelope;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(JsonNode envelope) {
        return JSON.convertValue(envelope, Map.class);
    }
}
