package io.egressallowlist.shared.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link BlockedAttempts} promises: contributions add up per (subject, hour, source, host), a token is
 * counted once (a replayed delivery adds nothing), each subject sees only its own attempts, and a digest is claimed
 * once. Run against the in-memory store and the DynamoDB one on dynalite.
 */
public abstract class BlockedAttemptsContract {

    protected static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
    private static final Attribution ALICE = new Attribution.UserProfile("d-abc123", "alice",
            Attribution.Evidence.API_CALLER_SOURCE);
    private static final Attribution BOB = new Attribution.UserProfile("d-abc123", "bob",
            Attribution.Evidence.INTERFACE_TAGS);
    private static final SourceAddress ADDRESS = new SourceAddress("10.20.1.23");

    /** An empty store, whose clock reads {@link #HOUR} plus a few hours. */
    protected abstract BlockedAttempts newStore();

    private BlockedAttempts store;

    private BlockedAttempts store() {
        if (store == null) {
            store = newStore();
        }
        return store;
    }

    static BlockedAttempts.Contribution contribution(Attribution who, String host, long count, Instant first,
                                                     Instant last, String token) {
        BlockedAttempt attempt = new BlockedAttempt(who, ADDRESS, BlockedHost.of(host).orElseThrow(), "TLS", count,
                first, last);
        return new BlockedAttempts.Contribution(attempt, first.truncatedTo(java.time.temporal.ChronoUnit.HOURS), token,
                last.plus(Duration.ofDays(30)));
    }

    @Test
    void contributionsToOneHourAddUpAndSpanTheirFlows() {
        assertThat(store().add(contribution(ALICE, "cdn-lfs.hf.co", 3, HOUR.plusSeconds(60), HOUR.plusSeconds(90), "t1")))
                .isTrue();
        assertThat(store().add(contribution(ALICE, "cdn-lfs.hf.co", 2, HOUR.plusSeconds(10), HOUR.plusSeconds(600), "t2")))
                .isTrue();

        List<BlockedAttempt> mine = store().ofSubject(ALICE.subjectKey(), HOUR);
        assertThat(mine).singleElement().satisfies(attempt -> {
            assertThat(attempt.count()).isEqualTo(5);
            assertThat(attempt.firstSeen()).isEqualTo(HOUR.plusSeconds(10));
            assertThat(attempt.lastSeen()).isEqualTo(HOUR.plusSeconds(600));
            assertThat(attempt.host().shown()).isEqualTo("cdn-lfs.hf.co");
            assertThat(attempt.attribution()).isEqualTo(ALICE);
        });
    }

    @Test
    void aContributionSeenAgainIsNotCountedAgain() {
        BlockedAttempts.Contribution once = contribution(ALICE, "example.net", 4, HOUR, HOUR.plusSeconds(5), "replayed");

        assertThat(store().add(once)).isTrue();
        assertThat(store().add(once)).isFalse();

        assertThat(store().ofSubject(ALICE.subjectKey(), HOUR)).extracting(BlockedAttempt::count).containsExactly(4L);
    }

    @Test
    void eachSubjectSeesOnlyItsOwnAttemptsAndEveryoneSeesAll() {
        store().add(contribution(ALICE, "example.net", 1, HOUR, HOUR, "a"));
        store().add(contribution(BOB, "example.org", 2, HOUR, HOUR, "b"));

        assertThat(store().ofSubject(ALICE.subjectKey(), HOUR)).extracting(a -> a.host().shown())
                .containsExactly("example.net");
        assertThat(store().ofSubject(BOB.subjectKey(), HOUR)).extracting(a -> a.host().shown())
                .containsExactly("example.org");
        assertThat(store().since(HOUR)).hasSize(2);
    }

    @Test
    void attemptsLastSeenBeforeSinceAreLeftOut() {
        store().add(contribution(ALICE, "old.example.net", 1, HOUR, HOUR.plusSeconds(60), "old"));
        store().add(contribution(ALICE, "new.example.net", 1, HOUR.plusSeconds(3_600), HOUR.plusSeconds(3_700), "new"));

        assertThat(store().ofSubject(ALICE.subjectKey(), HOUR.plusSeconds(3_000))).extracting(a -> a.host().shown())
                .containsExactly("new.example.net");
        assertThat(store().since(HOUR.plusSeconds(3_000))).extracting(a -> a.host().shown())
                .containsExactly("new.example.net");
    }

    @Test
    void markupInAHostIsStoredAndReadBackAsData() {
        store().add(contribution(new Attribution.Unattributed(), "<!channel>*x*<script>", 1, HOUR, HOUR, "m"));

        assertThat(store().since(HOUR)).singleElement().satisfies(attempt -> {
            assertThat(attempt.host().shown()).isEqualTo("<!channel>*x*<script>");
            assertThat(attempt.host().isRequestable()).isFalse();
            assertThat(attempt.attribution()).isEqualTo(new Attribution.Unattributed());
        });
    }

    @Test
    void aDigestIsClaimedOnceAndAReleasedClaimCanBeClaimedAgain() {
        Instant at = HOUR.plusSeconds(300);
        assertThat(store().lastDigest("profile#d-abc123#alice")).isEmpty();

        assertThat(store().claimDigest("profile#d-abc123#alice", Optional.empty(), at, at.plusSeconds(60))).isTrue();
        assertThat(store().claimDigest("profile#d-abc123#alice", Optional.empty(), at, at.plusSeconds(60))).isFalse();
        assertThat(store().lastDigest("profile#d-abc123#alice")).contains(at);

        store().releaseDigest("profile#d-abc123#alice", at, Optional.empty());
        assertThat(store().lastDigest("profile#d-abc123#alice")).isEmpty();

        assertThat(store().claimDigest("profile#d-abc123#alice", Optional.empty(), at, at.plusSeconds(60))).isTrue();
        Instant later = at.plusSeconds(3_600);
        assertThat(store().claimDigest("profile#d-abc123#alice", Optional.of(HOUR), later, later)).isFalse();
        assertThat(store().claimDigest("profile#d-abc123#alice", Optional.of(at), later, later)).isTrue();
        assertThat(store().lastDigest("profile#d-abc123#alice")).contains(later);
    }

    @Test
    void aLearningScopesAttemptsAreKeptApartFromBlocksAndReadBackWithTheirScope() {
        ScopeName research = ScopeName.of("research");
        BlockedAttempts.Contribution blocked = contribution(ALICE, "example.net", 2, HOUR, HOUR.plusSeconds(5), "b");
        BlockedAttempts.Contribution learned = withScope(contribution(ALICE, "example.net", 3, HOUR.plusSeconds(60),
                HOUR.plusSeconds(70), "l"), Optional.of(research), true);

        assertThat(store().add(withScope(blocked, Optional.of(research), false))).isTrue();
        assertThat(store().add(learned)).isTrue();
        assertThat(store().add(learned)).as("a replayed learning record is counted once too").isFalse();

        assertThat(store().ofSubject(ALICE.subjectKey(), HOUR))
                .extracting(a -> a.count() + " learning=" + a.learning() + " " + a.scope().map(ScopeName::value).orElse("?"))
                .containsExactlyInAnyOrder("2 learning=false research", "3 learning=true research");
        assertThat(store().since(HOUR)).hasSize(2);
    }

    @Test
    void anAttemptWithoutScopeReadsBackWithNone() {
        store().add(contribution(BOB, "example.net", 1, HOUR, HOUR, "n"));

        assertThat(store().since(HOUR)).singleElement().satisfies(attempt -> {
            assertThat(attempt.scope()).isEmpty();
            assertThat(attempt.learning()).isFalse();
        });
    }

    private static BlockedAttempts.Contribution withScope(BlockedAttempts.Contribution contribution,
                                                          Optional<ScopeName> scope, boolean learning) {
        BlockedAttempt a = contribution.attempt();
        return new BlockedAttempts.Contribution(new BlockedAttempt(a.attribution(), a.source(), a.host(), a.protocol(),
                a.count(), a.firstSeen(), a.lastSeen(), scope, learning), contribution.hour(), contribution.token(),
                contribution.expiresAt());
    }
}
