package io.egressallowlist.shared.guard;

import io.egressallowlist.shared.notify.RecordingNotifier;
import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.sagemaker.StudioDomain;
import io.egressallowlist.shared.eventbridge.EventBridgePublisher;
import io.egressallowlist.shared.studio.SageMakerStudioDomains;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryStudioDomains;
import io.egressallowlist.shared.domain.StudioDomainState;
import io.egressallowlist.shared.testing.memory.RecordingEventPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard on the in-memory audit trail and a recording publisher, reading Studio domains from the SageMaker
 * emulator; a bus that fails is proven through the real SDK clients on dynalite and the EventBridge emulator.
 */
@ExtendWith(DynaliteExtension.class)
class StudioGuardTest {

    private static final String BUS = "egress-allowlist";
    private static final String OTHER_SUBNETS_DOMAIN = "d-elsewhere0003";

    private final SageMakerEmulator sageMaker = SageMakerEmulator.withSampleStudio();
    private final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final List<String> told = notifier.noncompliant;
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final RecordingEventPublisher published = new RecordingEventPublisher();
    private Instant now = Instant.parse("2026-11-20T10:00:00Z");
    private AwsJsonServer aws;
    private SageMakerClient sageMakerClient;
    private EventBridgeClient events;

    @BeforeEach
    void setUp() throws IOException {
        aws = AwsJsonServer.start(0, sageMaker, eventBridge);
        eventBridge.createEventBus(BUS);
        sageMaker.putDomain(StudioDomain.vpcOnly(OTHER_SUBNETS_DOMAIN, "studio-elsewhere", SageMakerSamples.VPC_ID,
                List.of("subnet-0aa11bb22cc33dd44", "subnet-0999999999999999a"), SageMakerSamples.DEFAULT_EXECUTION_ROLE,
                Instant.parse("2025-06-01T00:00:00Z")));
        sageMakerClient = SageMakerClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        events = EventBridgeClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void tearDown() {
        sageMakerClient.close();
        events.close();
        aws.close();
        eventBridge.close();
    }

    private StudioGuard guard() {
        return guard(List.of(), audit, published);
    }

    private StudioGuard guard(List<String> configured) {
        return guard(configured, audit, published);
    }

    private StudioGuard guard(AuditTrail trail, EventPublisher publisher) {
        return guard(List.of(), trail, publisher);
    }

    private StudioGuard onTwin(InMemoryStudioDomains account) {
        return new StudioGuard(account, List.of(), SageMakerSamples.VPC_ONLY_SUBNETS, audit, published, notifier,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private StudioGuard guard(List<String> configured, AuditTrail trail, EventPublisher publisher) {
        return new StudioGuard(new SageMakerStudioDomains(sageMakerClient), configured, SageMakerSamples.VPC_ONLY_SUBNETS,
                trail, publisher, notifier, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void theScheduledCheckReadsEveryConfiguredDomainOnceThenEveryOtherDomainOfTheAccount() {
        GuardReport report = guard(List.of(SageMakerSamples.PUBLIC_DOMAIN_ID, SageMakerSamples.VPC_ONLY_DOMAIN_ID,
                SageMakerSamples.PUBLIC_DOMAIN_ID)).checkEveryDomain();

        assertThat(report.checked()).containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID, SageMakerSamples.VPC_ONLY_DOMAIN_ID,
                OTHER_SUBNETS_DOMAIN);
        assertThat(report.compliant()).containsExactly(SageMakerSamples.VPC_ONLY_DOMAIN_ID);
        assertThat(report.noncompliantDomainIds()).containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID, OTHER_SUBNETS_DOMAIN);
        assertThat(report.reportedDomainIds()).containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID, OTHER_SUBNETS_DOMAIN);
    }

    @Test
    void withNothingConfiguredTheScheduledCheckStillReadsEveryDomainOfTheAccount() {
        GuardReport report = guard().checkEveryDomain();

        assertThat(report.checked()).containsExactly(SageMakerSamples.VPC_ONLY_DOMAIN_ID, SageMakerSamples.PUBLIC_DOMAIN_ID,
                OTHER_SUBNETS_DOMAIN);
        assertThat(report.reportedDomainIds()).containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID, OTHER_SUBNETS_DOMAIN);
    }

    @Test
    void aDomainCreatedLaterIsReportedByTheNextScheduledCheckAndAgainTheNextDay() {
        InMemoryStudioDomains account = new InMemoryStudioDomains().put(new StudioDomainState("d-first0000001", "first",
                "InService", "VpcOnly", SageMakerSamples.VPC_ID, SageMakerSamples.VPC_ONLY_SUBNETS, now));
        assertThat(onTwin(account).checkEveryDomain().findings()).isEmpty();

        account.put(new StudioDomainState("d-later0000002", "later", "InService", "PublicInternetOnly", null, List.of(), now));
        now = now.plus(Duration.ofHours(1));
        GuardReport next = onTwin(account).checkEveryDomain();
        now = now.plus(Duration.ofHours(1));
        GuardReport sameDay = onTwin(account).checkEveryDomain();
        now = now.plus(Duration.ofDays(1));
        GuardReport nextDay = onTwin(account).checkEveryDomain();

        assertThat(next.reportedDomainIds()).containsExactly("d-later0000002");
        assertThat(sameDay.noncompliantDomainIds()).containsExactly("d-later0000002");
        assertThat(sameDay.reportedDomainIds()).isEmpty();
        assertThat(nextDay.reportedDomainIds()).containsExactly("d-later0000002");
        assertThat(told).hasSize(2).allSatisfy(t -> assertThat(t).startsWith("d-later0000002"));
        assertThat(noncompliantEvents()).hasSize(2);
    }

    @Test
    void aChangedDomainIsCheckedFirstEvenWhenNotConfiguredAndTheConfiguredOnesAfterIt() {
        GuardReport report = guard(List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID, OTHER_SUBNETS_DOMAIN))
                .checkAfterChange(SageMakerSamples.PUBLIC_DOMAIN_ID);

        assertThat(report.checked()).containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID,
                SageMakerSamples.VPC_ONLY_DOMAIN_ID, OTHER_SUBNETS_DOMAIN);
        assertThat(report.noncompliantDomainIds()).containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID, OTHER_SUBNETS_DOMAIN);
    }

    @Test
    void aChangedDomainThatIsAlsoConfiguredIsCheckedOnce() {
        GuardReport report = guard(List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID, SageMakerSamples.PUBLIC_DOMAIN_ID))
                .checkAfterChange(SageMakerSamples.PUBLIC_DOMAIN_ID);

        assertThat(report.checked()).containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID, SageMakerSamples.VPC_ONLY_DOMAIN_ID,
                OTHER_SUBNETS_DOMAIN);
        assertThat(told).filteredOn(t -> t.startsWith(SageMakerSamples.PUBLIC_DOMAIN_ID)).hasSize(1);
        assertThat(noncompliantEvents()).filteredOn(e -> e.path("domainId").asText()
                .equals(SageMakerSamples.PUBLIC_DOMAIN_ID)).hasSize(1);
    }

    @Test
    void aFindingsEventCarriesTheDomainAsReadAndTheProtectedSubnets() {
        guard().check(List.of(OTHER_SUBNETS_DOMAIN, "d-doesnotexist9"));

        List<JsonNode> found = noncompliantEvents();
        JsonNode elsewhere = found.get(0);
        assertThat(elsewhere.path("appNetworkAccessType").asText()).isEqualTo("VpcOnly");
        assertThat(elsewhere.path("subnetIds")).hasSize(2);
        assertThat(elsewhere.path("lastModifiedTime").asText()).isEqualTo("2025-06-01T00:00:00Z");
        assertThat(elsewhere.path("protectedSubnetIds")).hasSize(SageMakerSamples.VPC_ONLY_SUBNETS.size());
        JsonNode missing = found.get(1);
        assertThat(missing.path("reasons").get(0).asText()).isEqualTo("NOT_FOUND");
        assertThat(missing.has("subnetIds")).isFalse();
        assertThat(missing.has("appNetworkAccessType")).isFalse();
        assertThat(missing.has("lastModifiedTime")).isFalse();
    }

    @Test
    void theVpcOnlyDomainInProtectedSubnetsPassesAndTheOthersAreReported() {
        GuardReport report = guard().check(List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID, SageMakerSamples.PUBLIC_DOMAIN_ID,
                OTHER_SUBNETS_DOMAIN, "d-doesnotexist9"));

        assertThat(report.compliant()).containsExactly(SageMakerSamples.VPC_ONLY_DOMAIN_ID);
        assertThat(report.findings()).extracting(GuardReport.Finding::domainId)
                .containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID, OTHER_SUBNETS_DOMAIN, "d-doesnotexist9");
        assertThat(report.findings()).extracting(GuardReport.Finding::reasons).containsExactly(
                List.of("NOT_VPC_ONLY"), List.of("UNPROTECTED_SUBNETS"), List.of("NOT_FOUND"));
        assertThat(told).hasSize(3);
        List<JsonNode> published = noncompliantEvents();
        assertThat(published).hasSize(3);
        JsonNode publicDomain = published.get(0);
        assertThat(publicDomain.path("domainId").asText()).isEqualTo(SageMakerSamples.PUBLIC_DOMAIN_ID);
        assertThat(publicDomain.path("appNetworkAccessType").asText()).isEqualTo("PublicInternetOnly");
        assertThat(publicDomain.path("reasons").get(0).asText()).isEqualTo("NOT_VPC_ONLY");
        assertThat(published.get(1).path("message").asText()).contains("subnet-0999999999999999a");
    }

    @Test
    void theSameFindingIsNotRepeatedWithinTheDay() {
        guard().check(List.of(SageMakerSamples.PUBLIC_DOMAIN_ID));
        now = now.plus(Duration.ofHours(1));

        GuardReport again = guard().check(List.of(SageMakerSamples.PUBLIC_DOMAIN_ID));

        assertThat(again.findings()).singleElement().satisfies(f -> assertThat(f.reported()).isFalse());
        assertThat(told).hasSize(1);
        assertThat(noncompliantEvents()).hasSize(1);
    }

    @Test
    void aChangedDomainIsReportedAtOnceAndAnUnresolvedOneAgainTheNextDay() {
        guard().check(List.of(OTHER_SUBNETS_DOMAIN));
        now = now.plus(Duration.ofHours(1));
        sageMaker.updateDomain(OTHER_SUBNETS_DOMAIN, domain -> domain.withNetwork(SageMakerSamples.VPC_ID,
                List.of("subnet-0888888888888888b"), now));

        assertThat(guard().check(List.of(OTHER_SUBNETS_DOMAIN)).reportedDomainIds()).containsExactly(OTHER_SUBNETS_DOMAIN);
        now = now.plus(Duration.ofDays(1));
        assertThat(guard().check(List.of(OTHER_SUBNETS_DOMAIN)).reportedDomainIds()).containsExactly(OTHER_SUBNETS_DOMAIN);
        assertThat(told).hasSize(3);
    }

    @Test
    void aDomainThatBecameCompliantIsNoLongerReported() {
        guard().check(List.of(SageMakerSamples.PUBLIC_DOMAIN_ID));
        sageMaker.updateDomain(SageMakerSamples.PUBLIC_DOMAIN_ID, domain -> domain.withAppNetworkAccessType(
                io.egressallowlist.emulators.sagemaker.AppNetworkAccessType.VpcOnly, now));

        GuardReport report = guard().check(List.of(SageMakerSamples.PUBLIC_DOMAIN_ID));

        assertThat(report.compliant()).containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID);
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void whenTheBusFailsPeopleAreStillToldAndTheRunFails(DynamoDbClient dynamo) {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("guard"));
        TableSchemas.createAll(dynamo, tables);
        StudioGuard onAws = guard(new DynamoAuditTrail(dynamo, tables.audit()), new EventBridgePublisher(events, BUS));
        aws.faults(EventBridgeEmulator.TARGET_PREFIX).internalErrorNext(50);

        assertThatThrownBy(() -> onAws.check(List.of(SageMakerSamples.PUBLIC_DOMAIN_ID)))
                .isInstanceOf(RuntimeException.class);

        assertThat(told).hasSize(1);
    }

    private List<JsonNode> noncompliantEvents() {
        return published.details(EventTypes.STUDIO_DOMAIN_NONCOMPLIANT);
    }
}
