package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.AlertRecord;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.StudioSubnets;
import io.egressallowlist.shared.testing.memory.InMemoryBlockedAttempts;
import io.egressallowlist.shared.testing.memory.InMemoryNetworkInterfaces;
import io.egressallowlist.shared.testing.memory.InMemorySourceBindings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Ingest over the in-memory twins, with a settable clock and alert records made to order. */
final class BlockedFixture {

    static final Instant T0 = Instant.parse("2026-11-20T10:15:00Z");
    static final String DOMAIN_ID = "d-abc123";
    static final String SUBNET = "subnet-0aaa1111";

    final InMemoryBlockedAttempts store = new InMemoryBlockedAttempts();
    final InMemoryNetworkInterfaces interfaces = new InMemoryNetworkInterfaces();
    final InMemorySourceBindings bindings = new InMemorySourceBindings();
    final MutableClock clock = new MutableClock(T0);
    final Attributor attributor = new Attributor(interfaces, bindings,
            StudioSubnets.parse(List.of(SUBNET + "=" + DOMAIN_ID)), clock);
    final AlertIngest ingest = new AlertIngest(store, attributor, Duration.ofDays(30));
    private final AtomicLong ids = new AtomicLong(36_000_000);

    AlertRecord record(String source, String host, Instant at) {
        return new AlertRecord(Long.toString(ids.incrementAndGet()), at, new SourceAddress(source),
                BlockedHost.of(host).orElseThrow(), "TLS");
    }

    List<AlertRecord> records(String source, String host, int count, Instant from) {
        List<AlertRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(source, host, from.plusSeconds(i)));
        }
        return records;
    }

    /** A clock tests move. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
