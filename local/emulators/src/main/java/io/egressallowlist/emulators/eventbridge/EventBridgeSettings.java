package io.egressallowlist.emulators.eventbridge;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Configuration of an {@link EventBridgeEmulator}. Time and event ids are injected so that tests can
 * pin them.
 *
 * @param region              goes into envelopes and ARNs
 * @param accountId           goes into envelopes and ARNs
 * @param clock               the time of events that carry no {@code Time}, and bus creation times
 * @param eventIds            supplies {@code EventId}s / envelope {@code id}s
 * @param deliveryMode        how subscribers are called
 * @param publishedCapacity   how many envelopes {@link EventBridgeEmulator#published()} keeps (oldest dropped)
 * @param maxRequestBytes     the PutEvents total entry size limit, computed as AWS documents it
 * @param unknownBusPolicy    what to do with entries for a bus that does not exist
 */
public record EventBridgeSettings(
        String region,
        String accountId,
        Clock clock,
        Supplier<String> eventIds,
        DeliveryMode deliveryMode,
        int publishedCapacity,
        int maxRequestBytes,
        UnknownBusPolicy unknownBusPolicy) {

    /**
     * 256 KB: the limit in the EventBridge API model snapshot (PutEvents doc) and the user guide page
     * "Calculating PutEvents event entry size". AWS announced 1 MB for event buses on 2026-01-29
     * [3rd-party reports of the announcement]; raise it with {@link #withMaxRequestBytes(int)} to emulate that.
     */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;

    public EventBridgeSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(eventIds, "eventIds");
        Objects.requireNonNull(deliveryMode, "deliveryMode");
        Objects.requireNonNull(unknownBusPolicy, "unknownBusPolicy");
        if (!accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, got " + accountId);
        }
        if (publishedCapacity < 1) {
            throw new IllegalArgumentException("publishedCapacity must be >= 1, got " + publishedCapacity);
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be >= 1, got " + maxRequestBytes);
        }
    }

    /** us-east-1, account 123456789012, system clock, random UUIDs, asynchronous delivery. */
    public static EventBridgeSettings defaults() {
        return new EventBridgeSettings("us-east-1", "123456789012", Clock.systemUTC(),
                () -> UUID.randomUUID().toString(), DeliveryMode.ASYNCHRONOUS, 1000,
                DEFAULT_MAX_REQUEST_BYTES, UnknownBusPolicy.FAIL_ENTRY);
    }

    public EventBridgeSettings withAccountId(String newAccountId) {
        return new EventBridgeSettings(region, newAccountId, clock, eventIds, deliveryMode, publishedCapacity,
                maxRequestBytes, unknownBusPolicy);
    }

    public EventBridgeSettings withClock(Clock newClock) {
        return new EventBridgeSettings(region, accountId, newClock, eventIds, deliveryMode, publishedCapacity,
                maxRequestBytes, unknownBusPolicy);
    }

    public EventBridgeSettings withEventIds(Supplier<String> newEventIds) {
        return new EventBridgeSettings(region, accountId, clock, newEventIds, deliveryMode, publishedCapacity,
                maxRequestBytes, unknownBusPolicy);
    }

    public EventBridgeSettings withDeliveryMode(DeliveryMode newDeliveryMode) {
        return new EventBridgeSettings(region, accountId, clock, eventIds, newDeliveryMode, publishedCapacity,
                maxRequestBytes, unknownBusPolicy);
    }

    public EventBridgeSettings withPublishedCapacity(int newCapacity) {
        return new EventBridgeSettings(region, accountId, clock, eventIds, deliveryMode, newCapacity,
                maxRequestBytes, unknownBusPolicy);
    }

    public EventBridgeSettings withMaxRequestBytes(int newMaxRequestBytes) {
        return new EventBridgeSettings(region, accountId, clock, eventIds, deliveryMode, publishedCapacity,
                newMaxRequestBytes, unknownBusPolicy);
    }

    public EventBridgeSettings withUnknownBusPolicy(UnknownBusPolicy newPolicy) {
        return new EventBridgeSettings(region, accountId, clock, eventIds, deliveryMode, publishedCapacity,
                maxRequestBytes, newPolicy);
    }
}
