package io.egressallowlist.emulators.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.testing.AwsClients;
import io.egressallowlist.emulators.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.InternalException;
import software.amazon.awssdk.services.eventbridge.model.ListEventBusesResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class EventBridgeEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String SOURCE = "io.egressallowlist.requests";
    private static final EventPattern OUR_SOURCE = EventPattern.parse("{\"source\":[\"" + SOURCE + "\"]}");

    private EventBridgeEmulator emulator;
    private AwsJsonServer server;
    private EventBridgeClient events;

    /** Synchronous delivery, fixed clock, sequential ids: every assertion below is deterministic. */
    private void start(UnaryOperator<EventBridgeSettings> customise) throws IOException {
        AtomicInteger ids = new AtomicInteger();
        EventBridgeSettings settings = EventBridgeSettings.defaults()
                .withDeliveryMode(DeliveryMode.SYNCHRONOUS)
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .withEventIds(() -> "00000000-0000-4000-8000-%012d".formatted(ids.incrementAndGet()));
        emulator = new EventBridgeEmulator(customise.apply(settings));
        server = AwsJsonServer.start(0, emulator);
        events = AwsClients.eventBridge(server.endpoint());
    }

    private void start() throws IOException {
        start(UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        if (events != null) {
            events.close();
            server.close();
            emulator.close();
        }
    }

    private static PutEventsRequestEntry entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder().source(SOURCE).detailType(detailType).detail(detail).build();
    }

    private PutEventsResponse put(PutEventsRequestEntry... entries) {
        return events.putEvents(r -> r.entries(entries));
    }

    // ---- PutEvents: accepted entries ----------------------------------------------------------------

    @Test
    void putEventsAcceptsAValidEntryAndPublishesTheFullEnvelope() throws Exception {
        start();

        PutEventsResponse response = put(PutEventsRequestEntry.builder()
                .source(SOURCE).detailType("Allow-list change requested")
                .detail("{\"requestId\":\"r-1\",\"domains\":[\".example.com\"]}")
                .resources("arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc123").build());

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries()).singleElement()
                .satisfies(e -> assertThat(e.eventId()).isEqualTo("00000000-0000-4000-8000-000000000001"));
        assertThat(emulator.published(EventBridgeEmulator.DEFAULT_BUS)).singleElement()
                .satisfies(event -> assertThat(event.envelope()).isEqualTo(JSON.readTree("""
                        {"version":"0","id":"00000000-0000-4000-8000-000000000001",
                         "detail-type":"Allow-list change requested","source":"io.egressallowlist.requests",
                         "account":"123456789012","time":"2025-06-01T12:00:00Z","region":"us-east-1",
                         "resources":["arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc123"],
                         "detail":{"requestId":"r-1","domains":[".example.com"]}}""")));
    }

    @Test
    void putEventsUsesTheEntryTimeWhenGiven() throws IOException {
        start();

        put(PutEventsRequestEntry.builder().source(SOURCE).detailType("t").detail("{}")
                .time(Instant.parse("2024-12-31T23:59:58.750Z")).build());

        assertThat(emulator.published().get(0).envelope().get("time").asText()).isEqualTo("2024-12-31T23:59:58Z");
    }

    @Test
    void putEventsAcceptsTenEntriesInOneCall() throws IOException {
        start();
        List<PutEventsRequestEntry> ten = new ArrayList<>(Collections.nCopies(10, entry("t", "{}")));

        PutEventsResponse response = events.putEvents(r -> r.entries(ten));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries()).hasSize(10).allSatisfy(e -> assertThat(e.eventId()).isNotNull());
    }

    @Test
    void putEventsAddressesABusByNameOrByArn() throws IOException {
        start();
        String arn = events.createEventBus(r -> r.name("egress-allowlist")).eventBusArn();

        put(entry("by-name", "{}").toBuilder().eventBusName("egress-allowlist").build(),
                entry("by-arn", "{}").toBuilder().eventBusName(arn).build());

        assertThat(emulator.published("egress-allowlist")).extracting(PublishedEvent::detailType)
                .containsExactly("by-name", "by-arn");
        assertThat(emulator.published(EventBridgeEmulator.DEFAULT_BUS)).isEmpty();
    }

    // ---- PutEvents: whole-call validation -----------------------------------------------------------

    @Test
    void putEventsWithNoEntriesFailsValidation() throws IOException {
        start();

        assertThatThrownBy(() -> events.putEvents(r -> r.entries(List.of())))
                .asInstanceOf(type(EventBridgeException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("at 'entries'",
                            "Member must have length greater than or equal to 1");
                });
    }

    @Test
    void putEventsWithElevenEntriesFailsValidationAndPublishesNothing() throws IOException {
        start();
        List<PutEventsRequestEntry> eleven = new ArrayList<>(Collections.nCopies(11, entry("t", "{}")));

        assertThatThrownBy(() -> events.putEvents(r -> r.entries(eleven)))
                .asInstanceOf(type(EventBridgeException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Member must have length less than or equal to 10"));
        assertThat(emulator.published()).isEmpty();
    }

    @Test
    void putEventsRefusesACallWhoseEntriesAddUpToMoreThan256Kilobytes() throws IOException {
        start();
        // Entry size per the user guide: Source + DetailType + Detail bytes (+14 for Time, + resources).
        int overhead = SOURCE.length() + "t".length() + "{\"x\":\"\"}".length();
        String exactlyAtLimit = "{\"x\":\"" + "a".repeat(256 * 1024 - overhead) + "\"}";
        String oneByteOver = "{\"x\":\"" + "a".repeat(256 * 1024 - overhead + 1) + "\"}";

        assertThat(put(entry("t", exactlyAtLimit)).failedEntryCount()).isZero();
        assertThatThrownBy(() -> put(entry("t", oneByteOver)))
                .asInstanceOf(type(EventBridgeException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Total size of the entries in the request is over the limit."));
    }

    @Test
    void theSizeLimitCountsAllEntriesOfTheCallTogether() throws IOException {
        start(settings -> settings.withMaxRequestBytes(150));
        String detail = "{\"pad\":\"" + "b".repeat(20) + "\"}"; // 56 bytes per entry with source and type

        assertThatThrownBy(() -> put(entry("t", detail), entry("t", detail), entry("t", detail)))
                .isInstanceOf(EventBridgeException.class);
        assertThat(put(entry("t", detail), entry("t", detail)).failedEntryCount()).isZero();
    }

    // ---- PutEvents: per-entry failures --------------------------------------------------------------

    @Test
    void entryWithoutSourceFailsWithInvalidArgument() throws IOException {
        start();

        PutEventsResponse response = put(PutEventsRequestEntry.builder().detailType("t").detail("{}").build());

        assertThat(response.failedEntryCount()).isEqualTo(1);
        assertThat(response.entries()).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isNull();
            assertThat(e.errorCode()).isEqualTo("InvalidArgument");
            assertThat(e.errorMessage()).isEqualTo("Parameter Source is not valid. Reason: Source is a required argument.");
        });
    }

    @Test
    void entryWithoutDetailTypeFailsWithInvalidArgument() throws IOException {
        start();

        PutEventsResultEntry result = put(PutEventsRequestEntry.builder().source(SOURCE).detail("{}").build())
                .entries().get(0);

        assertThat(result.errorCode()).isEqualTo("InvalidArgument");
        assertThat(result.errorMessage()).contains("Parameter DetailType is not valid");
    }

    @Test
    void entryWithoutDetailFailsWithInvalidArgument() throws IOException {
        start();

        PutEventsResultEntry result = put(PutEventsRequestEntry.builder().source(SOURCE).detailType("t").build())
                .entries().get(0);

        assertThat(result.errorCode()).isEqualTo("InvalidArgument");
        assertThat(result.errorMessage()).contains("Parameter Detail is not valid");
    }

    @Test
    void entryWhoseDetailIsNotJsonFailsWithMalformedDetail() throws IOException {
        start();

        PutEventsResponse response = put(entry("t", "{not json"), entry("t", "[1,2]"), entry("t", "\"text\""));

        assertThat(response.failedEntryCount()).isEqualTo(3);
        assertThat(response.entries()).allSatisfy(e -> {
            assertThat(e.errorCode()).isEqualTo("MalformedDetail");
            assertThat(e.errorMessage()).isEqualTo("Detail is malformed.");
        });
    }

    @Test
    void entryWithAnAwsSourceIsNotAuthorized() throws IOException {
        start();

        PutEventsResultEntry result = put(PutEventsRequestEntry.builder()
                .source("aws.sagemaker").detailType("AWS API Call via CloudTrail").detail("{}").build())
                .entries().get(0);

        assertThat(result.errorCode()).isEqualTo("NotAuthorizedForSourceException");
        assertThat(emulator.published()).isEmpty();
    }

    @Test
    void entryForAnUnknownBusFailsWithResourceNotFound() throws IOException {
        start();

        PutEventsResultEntry result = put(entry("t", "{}").toBuilder().eventBusName("no-such-bus").build())
                .entries().get(0);

        assertThat(result.errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(result.errorMessage()).isEqualTo("Event bus no-such-bus does not exist.");
    }

    @Test
    void entryForAnUnknownBusCanBeSilentlyDroppedAsAwsHasBeenObservedToDo() throws IOException {
        start(settings -> settings.withUnknownBusPolicy(UnknownBusPolicy.ACCEPT_AND_DROP));

        PutEventsResponse response = put(entry("t", "{}").toBuilder().eventBusName("no-such-bus").build());

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries().get(0).eventId()).isNotNull();
        assertThat(emulator.published()).isEmpty();
    }

    @Test
    void mixedEntriesReportFailuresInRequestOrderAndPublishOnlyTheValidOnes() throws IOException {
        start();

        PutEventsResponse response = put(
                entry("first", "{}"),
                entry("broken", "{oops"),
                PutEventsRequestEntry.builder().source(SOURCE).detail("{}").build(),
                entry("last", "{\"n\":1}"));

        assertThat(response.failedEntryCount()).isEqualTo(2);
        assertThat(response.entries()).extracting(PutEventsResultEntry::errorCode)
                .containsExactly(null, "MalformedDetail", "InvalidArgument", null);
        assertThat(response.entries()).extracting(PutEventsResultEntry::eventId)
                .containsExactly("00000000-0000-4000-8000-000000000001", null, null,
                        "00000000-0000-4000-8000-000000000002");
        assertThat(emulator.published()).extracting(PublishedEvent::detailType).containsExactly("first", "last");
    }

    @Test
    void everyEntryFailsOnItsOwnEvenWhenNoneIsValid() throws IOException {
        start();

        PutEventsResponse response = put(PutEventsRequestEntry.builder().build(), PutEventsRequestEntry.builder().build());

        assertThat(response.failedEntryCount()).isEqualTo(2);
        assertThat(response.entries()).extracting(PutEventsResultEntry::errorCode)
                .containsExactly("InvalidArgument", "InvalidArgument");
    }

    // ---- in-process delivery ------------------------------------------------------------------------

    @Test
    void acceptedEventsReachOnlySubscribersWhosePatternMatches() throws IOException {
        start();
        List<String> approvals = new CopyOnWriteArrayList<>();
        List<String> everything = new CopyOnWriteArrayList<>();
        List<String> otherSource = new CopyOnWriteArrayList<>();
        emulator.subscribe("default", EventPattern.parse(
                "{\"source\":[\"" + SOURCE + "\"],\"detail-type\":[\"Approved\"]}"),
                event -> approvals.add(event.get("detail").get("requestId").asText()));
        emulator.subscribe("default", EventPattern.matchingEverything(),
                event -> everything.add(event.get("detail-type").asText()));
        emulator.subscribe("default", EventPattern.parse("{\"source\":[\"com.other\"]}"),
                event -> otherSource.add(event.get("id").asText()));

        put(entry("Requested", "{\"requestId\":\"r-1\"}"), entry("Approved", "{\"requestId\":\"r-1\"}"));

        assertThat(approvals).containsExactly("r-1");
        assertThat(everything).containsExactly("Requested", "Approved");
        assertThat(otherSource).isEmpty();
    }

    @Test
    void subscribersOnlySeeEventsOfTheirOwnBus() throws IOException {
        start();
        events.createEventBus(r -> r.name("egress-allowlist"));
        List<ObjectNode> onDefault = new CopyOnWriteArrayList<>();
        List<ObjectNode> onCustom = new CopyOnWriteArrayList<>();
        emulator.subscribe("default", OUR_SOURCE, onDefault::add);
        emulator.subscribe("egress-allowlist", OUR_SOURCE, onCustom::add);

        put(entry("t", "{}").toBuilder().eventBusName("egress-allowlist").build());

        assertThat(onDefault).isEmpty();
        assertThat(onCustom).hasSize(1);
    }

    @Test
    void aFailingSubscriberAffectsNeitherThePublisherNorOtherSubscribers() throws IOException {
        start();
        List<ObjectNode> healthy = new CopyOnWriteArrayList<>();
        emulator.subscribe("default", OUR_SOURCE, event -> {
            throw new IllegalStateException("target is down");
        });
        emulator.subscribe("default", OUR_SOURCE, healthy::add);

        PutEventsResponse response = put(entry("t", "{}"), entry("t", "{}"));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(healthy).hasSize(2);
        assertThat(emulator.deliveryFailures()).isEqualTo(2);
    }

    @Test
    void eachSubscriberGetsItsOwnCopyOfTheEvent() throws IOException {
        start();
        List<ObjectNode> second = new CopyOnWriteArrayList<>();
        emulator.subscribe("default", OUR_SOURCE, event -> event.put("source", "tampered"));
        emulator.subscribe("default", OUR_SOURCE, second::add);

        put(entry("t", "{}"));

        assertThat(second.get(0).get("source").asText()).isEqualTo(SOURCE);
        assertThat(emulator.published().get(0).source()).isEqualTo(SOURCE);
    }

    @Test
    void anUnsubscribedTargetReceivesNoMoreEvents() throws IOException {
        start();
        List<ObjectNode> received = new CopyOnWriteArrayList<>();
        Subscription subscription = emulator.subscribe("default", OUR_SOURCE, received::add);

        put(entry("before", "{}"));
        subscription.unsubscribe();
        put(entry("after", "{}"));

        assertThat(received).extracting(event -> event.get("detail-type").asText()).containsExactly("before");
    }

    @Test
    void asynchronousDeliveryHappensOnTheDeliveryThreadInPublicationOrder() throws IOException {
        start(settings -> settings.withDeliveryMode(DeliveryMode.ASYNCHRONOUS));
        List<String> threads = new CopyOnWriteArrayList<>();
        List<String> order = new CopyOnWriteArrayList<>();
        emulator.subscribe("default", OUR_SOURCE, event -> {
            threads.add(Thread.currentThread().getName());
            order.add(event.get("detail-type").asText());
        });

        put(entry("1", "{}"), entry("2", "{}"), entry("3", "{}"));
        emulator.awaitDelivery();

        assertThat(order).containsExactly("1", "2", "3");
        assertThat(threads).containsOnly("eventbridge-emulator-delivery");
    }

    @Test
    void publishedEventsAreKeptUpToTheConfiguredCapacity() throws IOException {
        start(settings -> settings.withPublishedCapacity(2));

        put(entry("1", "{}"), entry("2", "{}"), entry("3", "{}"));

        assertThat(emulator.published()).extracting(PublishedEvent::detailType).containsExactly("2", "3");
        emulator.clearPublished();
        assertThat(emulator.published()).isEmpty();
    }

    @Test
    void injectedAwsEventsBypassTheSourceRefusalAndReachSubscribers() throws Exception {
        start();
        List<ObjectNode> received = new CopyOnWriteArrayList<>();
        emulator.subscribe("default", EventPattern.parse("""
                {"source":["aws.sagemaker"],"detail-type":["AWS API Call via CloudTrail"],
                 "detail":{"eventSource":["sagemaker.amazonaws.com"],"eventName":["CreateDomain","UpdateDomain"]}}"""),
                received::add);

        ObjectNode delivered = emulator.inject("default", (ObjectNode) JSON.readTree("""
                {"source":"aws.sagemaker","detail-type":"AWS API Call via CloudTrail",
                 "detail":{"eventSource":"sagemaker.amazonaws.com","eventName":"UpdateDomain",
                           "requestParameters":{"domainId":"d-abc123"}}}"""));

        assertThat(received).singleElement().isEqualTo(delivered);
        assertThat(delivered.get("version").asText()).isEqualTo("0");
        assertThat(delivered.get("account").asText()).isEqualTo("123456789012");
        assertThat(delivered.get("time").asText()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(delivered.get("resources").isArray()).isTrue();
    }

    // ---- event buses --------------------------------------------------------------------------------

    @Test
    void createEventBusReturnsItsArnAndRefusesDuplicates() throws IOException {
        start();

        String arn = events.createEventBus(r -> r.name("egress-allowlist")).eventBusArn();

        assertThat(arn).isEqualTo("arn:aws:events:us-east-1:123456789012:event-bus/egress-allowlist");
        assertThatThrownBy(() -> events.createEventBus(r -> r.name("egress-allowlist")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> events.createEventBus(r -> r.name("default")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void createEventBusRefusesInvalidNames() throws IOException {
        start();

        assertThatThrownBy(() -> events.createEventBus(r -> r.name("has space")))
                .asInstanceOf(type(EventBridgeException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> events.createEventBus(r -> r.name("partner/like")))
                .asInstanceOf(type(EventBridgeException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage()).contains("partner"));
        assertThatThrownBy(() -> events.createEventBus(r -> { }))
                .asInstanceOf(type(EventBridgeException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Value null at 'name'"));
    }

    @Test
    void describeEventBusDefaultsToTheDefaultBusAndReportsUnknownBuses() throws IOException {
        start();

        assertThat(events.describeEventBus(r -> { }).arn())
                .isEqualTo("arn:aws:events:us-east-1:123456789012:event-bus/default");
        assertThat(events.describeEventBus(r -> { }).creationTime()).isEqualTo(NOW);
        assertThatThrownBy(() -> events.describeEventBus(r -> r.name("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listEventBusesPagesThroughBusesFilteredByPrefix() throws IOException {
        start();
        for (int i = 0; i < 5; i++) {
            String name = "team-" + i;
            events.createEventBus(r -> r.name(name));
        }
        events.createEventBus(r -> r.name("other"));

        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String current = token;
            ListEventBusesResponse page = events.listEventBuses(r -> r.namePrefix("team-").limit(2).nextToken(current));
            page.eventBuses().stream().map(EventBus::name).forEach(names::add);
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("team-0", "team-1", "team-2", "team-3", "team-4");
        assertThat(events.listEventBuses(r -> { }).eventBuses()).extracting(EventBus::name)
                .contains("default", "other");
    }

    @Test
    void listEventBusesRefusesAForeignTokenAndAnOutOfRangeLimit() throws IOException {
        start();

        assertThatThrownBy(() -> events.listEventBuses(r -> r.nextToken("forged")))
                .isInstanceOf(EventBridgeException.class);
        assertThatThrownBy(() -> events.listEventBuses(r -> r.limit(101)))
                .asInstanceOf(type(EventBridgeException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage()).contains("at 'limit'"));
    }

    // ---- generic faults and wire format -------------------------------------------------------------

    @Test
    void throttledPutEventsIsRetriedByTheSdkAndPublishesOnce() throws IOException {
        start();
        server.faults(EventBridgeEmulator.TARGET_PREFIX).throttleNext(AwsClients.MAX_ATTEMPTS - 1);

        PutEventsResponse response = put(entry("t", "{}"));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(server.calls().count(EventBridgeEmulator.TARGET_PREFIX, "PutEvents")).isEqualTo(AwsClients.MAX_ATTEMPTS);
        assertThat(emulator.published()).hasSize(1);
    }

    @Test
    void internalErrorsSurfaceAsTheModeledInternalExceptionAfterRetries() throws IOException {
        start();
        server.faults(EventBridgeEmulator.TARGET_PREFIX).internalErrorNext(AwsClients.MAX_ATTEMPTS);

        assertThatThrownBy(() -> put(entry("t", "{}")))
                .asInstanceOf(type(InternalException.class))
                .satisfies(e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(emulator.published()).isEmpty();
    }

    @Test
    void validationErrorsCarryTheBareNameInTypeOnTheWire() throws IOException {
        start();

        HttpResponse<String> response = RawHttp.awsJson11(server.endpoint(), "AWSEvents.PutEvents", "{\"Entries\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response).get("__type").asText()).isEqualTo("ValidationException");
    }

    @Test
    void putEventsWithoutEntriesOnTheWireFailsValidation() throws IOException {
        start();

        JsonNode body = RawHttp.json(RawHttp.awsJson11(server.endpoint(), "AWSEvents.PutEvents", "{}"));

        assertThat(body.get("Message").asText()).contains("Value null at 'entries'");
    }

    // ---- admin API ----------------------------------------------------------------------------------

    @Test
    void adminInjectPublishesAScheduledEventToSubscribers() throws IOException {
        start();
        List<ObjectNode> received = new CopyOnWriteArrayList<>();
        emulator.subscribe("default", EventPattern.parse(
                "{\"source\":[\"aws.events\"],\"detail-type\":[\"Scheduled Event\"]}"), received::add);

        HttpResponse<String> response = RawHttp.admin(server.endpoint(), "eventbridge/inject", """
                {"event":{"source":"aws.events","detail-type":"Scheduled Event",
                          "resources":["arn:aws:events:us-east-1:123456789012:rule/reconcile"]}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received).singleElement().satisfies(event -> {
            assertThat(event.get("detail")).isEqualTo(JSON.createObjectNode());
            assertThat(event.get("resources").get(0).asText()).endsWith(":rule/reconcile");
        });
    }

    @Test
    void adminPublishedListsEventsOfOneBusOrAll() throws IOException {
        start();
        RawHttp.admin(server.endpoint(), "eventbridge/create-event-bus", "{\"Name\":\"audit\"}");
        put(entry("on-default", "{}"), entry("on-audit", "{}").toBuilder().eventBusName("audit").build());

        JsonNode audit = RawHttp.json(RawHttp.admin(server.endpoint(), "eventbridge/published", "{\"eventBusName\":\"audit\"}"));
        JsonNode all = RawHttp.json(RawHttp.admin(server.endpoint(), "eventbridge/published", "{}"));

        assertThat(audit.get("events")).hasSize(1);
        assertThat(audit.get("events").get(0).get("event").get("detail-type").asText()).isEqualTo("on-audit");
        assertThat(all.get("events")).hasSize(2);
    }

    @Test
    void adminResetKeepsOnlyTheDefaultBusAndForgetsPublishedEvents() throws IOException {
        start();
        events.createEventBus(r -> r.name("temporary"));
        put(entry("t", "{}"));

        assertThat(RawHttp.admin(server.endpoint(), "eventbridge/reset", "").statusCode()).isEqualTo(200);

        assertThat(emulator.published()).isEmpty();
        assertThat(events.listEventBuses(r -> { }).eventBuses()).extracting(EventBus::name).containsExactly("default");
    }

    @Test
    void adminRefusesBadRequestsWithAClearMessage() throws IOException {
        start();

        HttpResponse<String> unknownBus = RawHttp.admin(server.endpoint(), "eventbridge/inject",
                "{\"eventBusName\":\"nope\",\"event\":{\"source\":\"aws.events\",\"detail-type\":\"x\"}}");
        HttpResponse<String> noSource = RawHttp.admin(server.endpoint(), "eventbridge/inject",
                "{\"event\":{\"detail-type\":\"x\"}}");
        HttpResponse<String> badBusName = RawHttp.admin(server.endpoint(), "eventbridge/create-event-bus",
                "{\"Name\":\"no spaces\"}");
        HttpResponse<String> unknownAction = RawHttp.admin(server.endpoint(), "eventbridge/explode", "{}");

        assertThat(unknownBus.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(unknownBus).get("error").asText()).contains("no event bus named nope");
        assertThat(RawHttp.json(noSource).get("error").asText()).contains("'source'");
        assertThat(badBusName.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(unknownAction).get("error").asText()).contains("inject");
    }
}
