package io.egressallowlist.shared.domain;

import io.egressallowlist.shared.domain.WriterLease.Acquired;
import io.egressallowlist.shared.domain.WriterLease.Busy;
import io.egressallowlist.shared.domain.WriterLease.Claim;
import io.egressallowlist.shared.domain.WriterLease.Held;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link WriterLease} promises, run against the in-memory lease and the DynamoDB one. A subclass
 * supplies a fresh, free lease per test.
 */
public abstract class WriterLeaseContract {

    protected static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant UNTIL = NOW.plus(Duration.ofMinutes(6));

    private WriterLease lease;

    /** A new lease that nobody holds. */
    protected abstract WriterLease newLease();

    protected final WriterLease lease() {
        if (lease == null) {
            lease = newLease();
        }
        return lease;
    }

    private Held acquire(String owner, Instant now, Instant until) {
        Claim claim = lease().claim(owner, now, until);
        return claim.match(Acquired::held, busy -> {
            throw new AssertionError(owner + " found the lease held by " + busy.holder());
        });
    }

    private Busy busy(String owner, Instant now) {
        return lease().claim(owner, now, UNTIL).match(acquired -> {
            throw new AssertionError(owner + " acquired a lease that should be held");
        }, busy -> busy);
    }

    @Test
    void aFreeLeaseIsAcquiredWithNothingPending() {
        Held held = acquire("run-a", NOW, UNTIL);

        assertThat(held.owner()).isEqualTo("run-a");
        assertThat(held.until()).isEqualTo(UNTIL);
        assertThat(lease().release(held)).isTrue();
    }

    @Test
    void aSecondRunFindsItHeldAndItsMarkRefusesTheHoldersReleaseUntilTheHolderHasSeenIt() {
        Held held = acquire("run-a", NOW, UNTIL);

        Busy busy = busy("run-b", NOW.plusSeconds(1));

        assertThat(busy.holder()).isEqualTo("run-a");
        assertThat(busy.until()).isEqualTo(UNTIL);
        assertThat(lease().release(held)).isFalse();
        Held seen = lease().renew(held, UNTIL).orElseThrow();
        assertThat(seen.pending()).isEqualTo(held.pending() + 1);
        assertThat(lease().release(seen)).isTrue();
    }

    @Test
    void everyRunThatFindsItHeldCountsAsPendingWork() {
        Held held = acquire("run-a", NOW, UNTIL);
        busy("run-b", NOW);
        busy("run-c", NOW);

        assertThat(lease().renew(held, UNTIL).orElseThrow().pending()).isEqualTo(held.pending() + 2);
    }

    @Test
    void aReleasedLeaseIsAcquiredByTheNextRunAndThePendingCountKeepsGrowing() {
        Held first = acquire("run-a", NOW, UNTIL);
        busy("run-b", NOW);
        Held seen = lease().renew(first, UNTIL).orElseThrow();
        assertThat(lease().release(seen)).isTrue();

        Held second = acquire("run-c", NOW.plusSeconds(5), UNTIL);

        assertThat(second.pending()).isEqualTo(seen.pending());
        assertThat(lease().claim("run-a", NOW, UNTIL)).isInstanceOf(Busy.class);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderCanNeitherRenewNorRelease() {
        Held crashed = acquire("run-a", NOW, UNTIL);

        Held next = acquire("run-b", UNTIL.plusMillis(1), UNTIL.plus(Duration.ofMinutes(6)));

        assertThat(next.owner()).isEqualTo("run-b");
        assertThat(lease().renew(crashed, UNTIL.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(lease().release(crashed)).isFalse();
        lease().abandon(crashed);
        assertThat(lease().claim("run-c", UNTIL.plusSeconds(2), UNTIL)).isInstanceOf(Busy.class);
    }

    @Test
    void aLeaseIsHeldUpToItsExpiryInclusive() {
        acquire("run-a", NOW, UNTIL);

        assertThat(lease().claim("run-b", UNTIL, UNTIL.plusSeconds(60))).isInstanceOf(Busy.class);
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstExpiry() {
        Held held = acquire("run-a", NOW, UNTIL);

        Held renewed = lease().renew(held, UNTIL.plus(Duration.ofMinutes(5))).orElseThrow();

        assertThat(renewed.until()).isEqualTo(UNTIL.plus(Duration.ofMinutes(5)));
        assertThat(lease().claim("run-b", UNTIL.plusSeconds(1), UNTIL.plus(Duration.ofMinutes(10))))
                .isInstanceOf(Busy.class);
    }

    @Test
    void theSameOwnerClaimsItsLeaseAgainAsARetryOfTheSameInvocationWould() {
        acquire("run-a", NOW, UNTIL);

        Held again = acquire("run-a", NOW.plusSeconds(30), UNTIL.plusSeconds(30));

        assertThat(again.until()).isEqualTo(UNTIL.plusSeconds(30));
    }

    @Test
    void anAbandonedLeaseIsFreeWhateverWasPending() {
        Held held = acquire("run-a", NOW, UNTIL);
        busy("run-b", NOW);

        lease().abandon(held);

        assertThat(acquire("run-c", NOW, UNTIL).owner()).isEqualTo("run-c");
    }

    @Test
    void ofManyRunsClaimingAtOnceExactlyOneHoldsTheLeaseAndEveryOtherLeavesAMark() throws Exception {
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Callable<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String owner = "run-" + i;
                claims.add(() -> lease().claim(owner, NOW, UNTIL));
            }
            lease();
            List<Claim> outcomes = new ArrayList<>();
            for (Future<Claim> outcome : pool.invokeAll(claims)) {
                outcomes.add(outcome.get(30, TimeUnit.SECONDS));
            }

            List<Held> holders = outcomes.stream().flatMap(c -> c.match(a -> List.of(a.held()).stream(),
                    b -> List.<Held>of().stream())).toList();
            assertThat(holders).hasSize(1);
            assertThat(outcomes).filteredOn(c -> c instanceof Busy)
                    .allSatisfy(c -> assertThat(((Busy) c).holder()).isEqualTo(holders.get(0).owner()));
            long seenAtEnd = lease().renew(holders.get(0), UNTIL).orElseThrow().pending();
            assertThat(seenAtEnd - holders.get(0).pending()).isEqualTo(runs - 1L);
            assertThat(lease().release(lease().renew(holders.get(0), UNTIL).orElseThrow())).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
