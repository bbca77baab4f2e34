package io.egressallowlist.emulators.eventbridge;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Calls in-process subscribers with the events that match their pattern. A subscriber that throws is
 * logged and counted; it never affects the publisher or the other subscribers, just as a failing target
 * does not fail {@code PutEvents} in AWS (aws-api-notes §4, retry policy / DLQ).
 */
final class EventDelivery implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventDelivery.class.getName());

    private record Target(String busName, EventPattern pattern, Consumer<ObjectNode> consumer) { }

    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final ExecutorService executor;

    EventDelivery(DeliveryMode mode) {
        this.executor = mode == DeliveryMode.ASYNCHRONOUS
                ? Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "eventbridge-emulator-delivery");
                    thread.setDaemon(true);
                    return thread;
                })
                : null;
    }

    Subscription subscribe(String busName, EventPattern pattern, Consumer<ObjectNode> consumer) {
        Target target = new Target(Objects.requireNonNull(busName, "busName"),
                Objects.requireNonNull(pattern, "pattern"), Objects.requireNonNull(consumer, "consumer"));
        targets.add(target);
        return () -> targets.remove(target);
    }

    /** Delivers one event, now (synchronous mode) or in order on the delivery thread. */
    void deliver(PublishedEvent event) {
        if (executor == null) {
            deliverNow(event);
        } else {
            executor.execute(() -> deliverNow(event));
        }
    }

    /** Waits until every event handed over so far has been delivered. */
    void awaitIdle(Duration timeout) {
        if (executor == null) {
            return;
        }
        try {
            // The executor has one thread and runs tasks in order: once this no-op ran, all earlier ones did.
            executor.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("event delivery did not become idle within " + timeout, e);
        }
    }

    long failureCount() {
        return failures.get();
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void deliverNow(PublishedEvent event) {
        for (Target target : targets) {
            if (target.busName().equals(event.eventBusName()) && target.pattern().matches(event.envelope())) {
                invoke(target, event);
            }
        }
    }

    private void invoke(Target target, PublishedEvent event) {
        try {
            // Each target gets its own copy, so one target mutating the event cannot change what others see.
            target.consumer().accept(event.envelope().deepCopy());
        } catch (RuntimeException | AssertionError e) {
            failures.incrementAndGet();
            LOG.log(Level.WARNING, "{\"event\":\"subscriber_failed\",\"bus\":\"" + event.eventBusName()
                    + "\",\"eventId\":\"" + event.id() + "\",\"pattern\":" + target.pattern() + "}", e);
        }
    }
}
