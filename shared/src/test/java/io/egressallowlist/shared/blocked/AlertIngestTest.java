package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.AlertRecord;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.NetworkInterfaces;
import org.junit.jupiter.api.Test;

import io.egressallowlist.shared.domain.BlockedAttempts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.egressallowlist.shared.blocked.BlockedFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertIngestTest {

    private final BlockedFixture fixture = new BlockedFixture();

    private long countOf(String host) {
        return fixture.store.since(T0.minusSeconds(86_400)).stream().filter(a -> a.host().shown().equals(host))
                .mapToLong(BlockedAttempt::count).sum();
    }

    @Test
    void recordsAreAggregatedPerSourceAndHostWithOneWriteEach() {
        List<AlertRecord> batch = new ArrayList<>(fixture.records("10.20.1.23", "cdn-lfs.hf.co", 5, T0));
        batch.addAll(fixture.records("10.20.1.23", "xethub.hf.co", 2, T0));
        batch.addAll(fixture.records("10.20.1.24", "cdn-lfs.hf.co", 3, T0));

        AlertIngest.Report report = fixture.ingest.ingest(batch);

        assertThat(report).isEqualTo(new AlertIngest.Report(10, 3, 3, 0));
        assertThat(countOf("cdn-lfs.hf.co")).isEqualTo(8);
        assertThat(countOf("xethub.hf.co")).isEqualTo(2);
        assertThat(fixture.interfaces.lookups()).hasSize(2);
    }

    @Test
    void aReplayedBatchCountsNothingTwiceInAnyOrder() {
        List<AlertRecord> batch = fixture.records("10.20.1.23", "example.net", 4, T0);
        fixture.ingest.ingest(batch);
        List<AlertRecord> shuffled = new ArrayList<>(batch);
        Collections.reverse(shuffled);

        AlertIngest.Report replay = fixture.ingest.ingest(shuffled);

        assertThat(replay).isEqualTo(new AlertIngest.Report(4, 1, 0, 1));
        assertThat(countOf("example.net")).isEqualTo(4);
    }

    @Test
    void aBatchRetriedAfterAFailureInTheMiddleCountsEveryFlowExactlyOnce() {
        List<String> hosts = List.of("a.example.net", "b.example.net", "c.example.net", "d.example.net");
        List<AlertRecord> batch = new ArrayList<>();
        for (String host : hosts) {
            batch.addAll(fixture.records("10.20.1.23", host, 3, T0));
        }
        fixture.store.failAfter(2);

        assertThatThrownBy(() -> fixture.ingest.ingest(batch)).hasMessageContaining("injected");
        // The writes are concurrent: which one the store refused is not fixed, but the others all took effect.
        assertThat(hosts).extracting(this::countOf).containsOnly(0L, 3L).filteredOn(count -> count == 0L).hasSize(1);

        AlertIngest.Report retry = fixture.ingest.ingest(batch);

        assertThat(retry).isEqualTo(new AlertIngest.Report(12, 4, 1, 3));
        for (String host : hosts) {
            assertThat(countOf(host)).as(host).isEqualTo(3);
        }
    }

    @Test
    void oneAfterAnotherAFailedWriteStillLetsTheWritesAfterItTakeEffect() {
        AlertIngest sequential = new AlertIngest(fixture.store, fixture.attributor, Duration.ofDays(30), 1);
        List<AlertRecord> batch = new ArrayList<>();
        for (String host : List.of("a.example.net", "b.example.net", "c.example.net", "d.example.net")) {
            batch.addAll(fixture.records("10.20.1.23", host, 3, T0));
        }
        fixture.store.failAfter(2);

        assertThatThrownBy(() -> sequential.ingest(batch)).hasMessageContaining("injected");
        assertThat(countOf("a.example.net") + countOf("b.example.net") + countOf("d.example.net")).isEqualTo(9);
        assertThat(countOf("c.example.net")).isZero();

        assertThat(sequential.ingest(batch)).isEqualTo(new AlertIngest.Report(12, 4, 1, 3));
        assertThat(countOf("c.example.net")).isEqualTo(3);
    }

    /**
     * 200 pairs written 5 at a time while the store refuses one write in the middle: when ingest fails, every other
     * write has finished (none runs after it returns), each pair is counted fully or not at all, and the retry
     * counts exactly what is missing; a replay after that counts nothing.
     */
    @Test
    void concurrentWritesWithAFailureInTheMiddleNeitherLoseNorDoubleCountAndNoneOutlivesTheIngest() throws Exception {
        SlowStore store = new SlowStore(fixture.store);
        AlertIngest ingest = new AlertIngest(store, fixture.attributor, Duration.ofDays(30), 5);
        List<AlertRecord> batch = new ArrayList<>();
        for (int source = 1; source <= 20; source++) {
            for (int host = 1; host <= 10; host++) {
                batch.addAll(fixture.records("10.20.1." + source, "h" + host + ".example.net", 3, T0));
            }
        }
        Collections.shuffle(batch, new java.util.Random(7));
        fixture.store.failAfter(100);

        assertThatThrownBy(() -> ingest.ingest(batch)).hasMessageContaining("injected");
        long finishedAtFailure = store.finished.get();
        assertThat(store.running).hasValue(0);
        assertThat(finishedAtFailure).isEqualTo(200);
        assertThat(store.mostAtOnce.get()).isBetween(2, 5);
        assertThat(totalCount()).isEqualTo(199 * 3);
        Thread.sleep(50);
        assertThat(store.finished.get()).as("no write after the ingest failed").isEqualTo(finishedAtFailure);
        assertThat(fixture.store.since(T0.minusSeconds(86_400))).extracting(BlockedAttempt::count).containsOnly(3L);

        assertThat(ingest.ingest(batch)).isEqualTo(new AlertIngest.Report(600, 200, 1, 199));
        assertThat(ingest.ingest(batch)).isEqualTo(new AlertIngest.Report(600, 200, 0, 200));
        assertThat(fixture.store.since(T0.minusSeconds(86_400))).hasSize(200)
                .extracting(BlockedAttempt::count).containsOnly(3L);
    }

    private long totalCount() {
        return fixture.store.since(T0.minusSeconds(86_400)).stream().mapToLong(BlockedAttempt::count).sum();
    }

    /** The in-memory store behind a round trip's delay, counting the writes running and finished. */
    private static final class SlowStore extends ForwardingBlockedAttempts {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicLong finished = new AtomicLong();

        SlowStore(BlockedAttempts store) {
            super(store);
        }

        @Override
        public boolean add(Contribution contribution) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1);
                return super.add(contribution);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
                finished.incrementAndGet();
            }
        }
    }

    @Test
    void theSameLogEventTwiceInOneBatchCountsOnce() {
        AlertRecord record = fixture.record("10.20.1.23", "example.net", T0);

        fixture.ingest.ingest(List.of(record, record));

        assertThat(countOf("example.net")).isEqualTo(1);
    }

    @Test
    void anAddressInAStudioSubnetIsAttributedToTheDomainAndAnUnknownOneToNobody() {
        fixture.interfaces.put("10.20.1.23", new NetworkInterfaces.NetworkInterface("eni-1", BlockedFixture.SUBNET,
                "", null, Map.of()));

        fixture.ingest.ingest(List.of(fixture.record("10.20.1.23", "example.net", T0),
                fixture.record("10.99.0.1", "example.org", T0)));

        assertThat(fixture.store.since(T0)).extracting(BlockedAttempt::attribution).containsExactlyInAnyOrder(
                new Attribution.StudioDomain(BlockedFixture.DOMAIN_ID, Attribution.Evidence.INTERFACE_SUBNET),
                new Attribution.Unattributed());
    }

    /**
     * The known limit (README "Counting, and its one known limit"): the token is checked on the attributed subject's
     * attempts only, so a retry attributed to another person counts the same flows again, under that person. Never
     * fewer flows than the firewall refused, and each person's count is what the evidence said at that write.
     */
    @Test
    void aRetryAttributedToAnotherPersonCountsTheSameFlowsUnderThatPersonToo() {
        fixture.interfaces.put("10.20.1.23", profileInterface("alice"));
        List<AlertRecord> batch = fixture.records("10.20.1.23", "example.net", 4, T0);
        fixture.ingest.ingest(batch);
        // The app's interface is replaced by another person's at the same address before the retry arrives.
        fixture.interfaces.put("10.20.1.23", profileInterface("bob"));
        fixture.clock.set(T0.plus(Attributor.INTERFACE_TTL).plusSeconds(1));

        AlertIngest.Report retry = fixture.ingest.ingest(batch);

        assertThat(retry).isEqualTo(new AlertIngest.Report(4, 1, 1, 0));
        assertThat(fixture.store.ofSubject(profile("alice").subjectKey(), T0.minusSeconds(60)))
                .extracting(BlockedAttempt::count).containsExactly(4L);
        assertThat(fixture.store.ofSubject(profile("bob").subjectKey(), T0.minusSeconds(60)))
                .extracting(BlockedAttempt::count).containsExactly(4L);
    }

    private static NetworkInterfaces.NetworkInterface profileInterface(String name) {
        return new NetworkInterfaces.NetworkInterface("eni-" + name, BlockedFixture.SUBNET, "", null,
                Map.of("sagemaker:user-profile-arn", "arn:aws:sagemaker:us-east-1:123456789012:user-profile/"
                        + BlockedFixture.DOMAIN_ID + "/" + name));
    }

    private static Attribution profile(String name) {
        return new Attribution.UserProfile(BlockedFixture.DOMAIN_ID, name, Attribution.Evidence.INTERFACE_TAGS);
    }
}
