package io.egressallowlist.emulators.eventbridge;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
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
        requireAccountId(accountId);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(eventIds, "eventIds");
        Objects.requireNonNull(deliveryMode, "deliveryMode");
        Objects.requireNonNull(unknownBusPolicy, "unknownBusPolicy");
        requireAtLeastOne("publishedCapacity", publishedCapacity);
        requireAtLeastOne("maxRequestBytes", maxRequestBytes);
    }

    /** us-east-1, account 123456789012, system clock, random UUIDs, asynchronous delivery. */
    public static EventBridgeSettings defaults() {
        return new EventBridgeSettings("us-east-1", "123456789012", Clock.systemUTC(),
                () -> UUID.randomUUID().toString(), DeliveryMode.ASYNCHRONOUS, 1000,
                DEFAULT_MAX_REQUEST_BYTES, UnknownBusPolicy.FAIL_ENTRY);
    }

    public EventBridgeSettings withAccountId(String newAccountId) {
        return with(draft -> draft.accountId = newAccountId);
    }

    public EventBridgeSettings withClock(Clock newClock) {
        return with(draft -> draft.clock = newClock);
    }

    public EventBridgeSettings withEventIds(Supplier<String> newEventIds) {
        return with(draft -> draft.eventIds = newEventIds);
    }

    public EventBridgeSettings withDeliveryMode(DeliveryMode newDeliveryMode) {
        return with(draft -> draft.deliveryMode = newDeliveryMode);
    }

    public EventBridgeSettings withPublishedCapacity(int newCapacity) {
        return with(draft -> draft.publishedCapacity = newCapacity);
    }

    public EventBridgeSettings withMaxRequestBytes(int newMaxRequestBytes) {
        return with(draft -> draft.maxRequestBytes = newMaxRequestBytes);
    }

    public EventBridgeSettings withUnknownBusPolicy(UnknownBusPolicy newPolicy) {
        return with(draft -> draft.unknownBusPolicy = newPolicy);
    }

    /** A copy with one setting changed; the result is validated like any other settings. */
    private EventBridgeSettings with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return new EventBridgeSettings(draft.region, draft.accountId, draft.clock, draft.eventIds, draft.deliveryMode,
                draft.publishedCapacity, draft.maxRequestBytes, draft.unknownBusPolicy);
    }

    private static void requireAccountId(String accountId) {
        if (!Objects.requireNonNull(accountId, "accountId").matches("[0-9]{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, got " + accountId);
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** The mutable working copy behind the withers; never escapes {@link #with(Consumer)}. */
    private static final class Draft {
        private final String region;
        private String accountId;
        private Clock clock;
        private Supplier<String> eventIds;
        private DeliveryMode deliveryMode;
        private int publishedCapacity;
        private int maxRequestBytes;
        private UnknownBusPolicy unknownBusPolicy;

        private Draft(EventBridgeSettings settings) {
            region = settings.region;
            accountId = settings.accountId;
            clock = settings.clock;
            eventIds = settings.eventIds;
            deliveryMode = settings.deliveryMode;
            publishedCapacity = settings.publishedCapacity;
            maxRequestBytes = settings.maxRequestBytes;
            unknownBusPolicy = settings.unknownBusPolicy;
        }
    }
}
