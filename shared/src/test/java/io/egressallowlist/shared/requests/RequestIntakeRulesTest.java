package io.egressallowlist.shared.requests;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two rules a new request meets in the store: an idempotency key replays only its first ask, and only
 * one rollback is open at a time. Both are outcomes of {@link RequestService}, never decided by a caller.
 * Runs on the in-memory ports; the store's side of both rules is the request store contract.
 */
class RequestIntakeRulesTest {

    private static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVE1
            """;
    private static final Requester ALICE = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/alice",
            "U0ALICE0001", "alice");
    private static final Requester BOB = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/bob",
            "U0BOB00001", "bob");
    private static final Actor ALICE_API = Actor.api(ALICE.principal(), "10.0.1.5");
    private static final Actor BOB_API = Actor.api(BOB.principal(), "10.0.1.6");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final InMemoryRequestStore requests = new InMemoryRequestStore(clock);
    private RequestService service;

    @BeforeEach
    void setUp() {
        InMemoryVersionLog versions = new InMemoryVersionLog();
        versions.append(version(1, null, List.of("github.com")));
        versions.append(version(2, 1L, List.of("github.com", "pypi.org")));
        versions.append(version(3, 2L, List.of("github.com", "pypi.org", "x.example.com")));
        Policy policy = ((PolicyParser.Parsed) PolicyParser.parse(POLICY)).policy();
        service = new RequestService(requests, versions, new InMemoryAuditTrail(), policy,
                Duration.ofDays(7), clock, new Random(1));
    }

    private AllowlistVersion version(long number, Long parent, List<String> targets) {
        return AllowlistVersion.create(number, parent, targets, VersionCause.baseline(), "system", clock.instant())
                .markedApplied(clock.instant());
    }

    private SubmitOutcome submit(Requester requester, Actor actor, String domain, String key) {
        return service.submit(domain, "training data", Optional.empty(), requester, actor, key);
    }

    private SubmitOutcome rollback(long to, String key) {
        return service.requestRollback(new VersionNumber(to), "bad entry", ALICE, ALICE_API, key);
    }

    private List<AllowlistRequest> stored() {
        return requests.listAll(null, 100, null).items();
    }

    // ---- idempotency keys ------------------------------------------------------------------------

    @Test
    void aRetryWithTheSameKeyAndDomainReplaysTheRequestTheKeyCreated() {
        AllowlistRequest first = ((SubmitOutcome.Submitted) submit(ALICE, ALICE_API, "huggingface.co", "k-1")).request();

        SubmitOutcome retry = submit(ALICE, ALICE_API, "HuggingFace.co", "k-1");

        assertThat(retry).isInstanceOfSatisfying(SubmitOutcome.Replayed.class, replayed -> {
            assertThat(replayed.request().id()).isEqualTo(first.id());
            assertThat(replayed.createdByKey()).isTrue();
        });
        assertThat(stored()).hasSize(1);
    }

    @Test
    void aKeyFirstUsedForAnotherDomainIsRefusedAsReusedAndStoresNothing() {
        AllowlistRequest first = ((SubmitOutcome.Submitted) submit(ALICE, ALICE_API, "huggingface.co", "k-1")).request();

        SubmitOutcome reused = submit(ALICE, ALICE_API, "files.example.org", "k-1");

        assertThat(reused).isInstanceOfSatisfying(SubmitOutcome.IdempotencyKeyReused.class,
                refused -> assertThat(refused.original().id()).isEqualTo(first.id()));
        assertThat(stored()).extracting(AllowlistRequest::id).containsExactly(first.id());
    }

    @Test
    void aKeyThatMetAnOpenRequestReplaysThatRequestAsNotCreatedByTheKey() {
        AllowlistRequest bobs = ((SubmitOutcome.Submitted) submit(BOB, BOB_API, "huggingface.co", null)).request();
        assertThat(submit(ALICE, ALICE_API, "huggingface.co", "k-1"))
                .isEqualTo(new SubmitOutcome.ExistingRequest(bobs));

        SubmitOutcome retry = submit(ALICE, ALICE_API, "huggingface.co", "k-1");

        assertThat(retry).isInstanceOfSatisfying(SubmitOutcome.Replayed.class, replayed -> {
            assertThat(replayed.request().id()).isEqualTo(bobs.id());
            assertThat(replayed.createdByKey()).isFalse();
        });
    }

    @Test
    void theSameKeyFromAnotherPrincipalIsAnotherKey() {
        submit(ALICE, ALICE_API, "huggingface.co", "k-1");

        assertThat(submit(BOB, BOB_API, "files.example.org", "k-1")).isInstanceOf(SubmitOutcome.Submitted.class);
    }

    @Test
    void aKeyUsedForADomainIsRefusedForARollbackAndTheOtherWayRound() {
        submit(ALICE, ALICE_API, "huggingface.co", "k-domain");
        AllowlistRequest rollback = ((SubmitOutcome.Submitted) rollback(1, "k-rollback")).request();

        assertThat(rollback(1, "k-domain")).isInstanceOf(SubmitOutcome.IdempotencyKeyReused.class);
        assertThat(submit(ALICE, ALICE_API, "huggingface.co", "k-rollback"))
                .isInstanceOfSatisfying(SubmitOutcome.IdempotencyKeyReused.class,
                        refused -> assertThat(refused.original().id()).isEqualTo(rollback.id()));
    }

    @Test
    void aRollbackRetriedWithItsKeyReplaysAndToAnotherVersionIsRefusedAsReused() {
        AllowlistRequest first = ((SubmitOutcome.Submitted) rollback(1, "k-1")).request();

        assertThat(rollback(1, "k-1")).isInstanceOfSatisfying(SubmitOutcome.Replayed.class, replayed -> {
            assertThat(replayed.request().id()).isEqualTo(first.id());
            assertThat(replayed.createdByKey()).isTrue();
        });
        assertThat(rollback(2, "k-1")).isInstanceOf(SubmitOutcome.IdempotencyKeyReused.class);
    }

    // ---- one open rollback -----------------------------------------------------------------------

    @Test
    void aRollbackToAnotherVersionWhileOneIsOpenIsRefusedNamingTheOpenOne() {
        AllowlistRequest open = ((SubmitOutcome.Submitted) rollback(1, null)).request();

        SubmitOutcome second = rollback(2, null);

        assertThat(second).isInstanceOfSatisfying(SubmitOutcome.RollbackAlreadyOpen.class,
                refused -> assertThat(refused.open().id()).isEqualTo(open.id()));
        assertThat(stored()).extracting(AllowlistRequest::id).containsExactly(open.id());
    }

    @Test
    void aRollbackToTheSameVersionAsTheOpenOneIsAnsweredWithIt() {
        AllowlistRequest open = ((SubmitOutcome.Submitted) rollback(1, null)).request();

        assertThat(rollback(1, null)).isEqualTo(new SubmitOutcome.ExistingRequest(open));
    }

    @Test
    void onceTheOpenRollbackIsWithdrawnAnotherVersionCanBeAsked() {
        AllowlistRequest open = ((SubmitOutcome.Submitted) rollback(1, null)).request();
        service.withdraw(open.id(), ALICE_API);

        assertThat(rollback(2, null)).isInstanceOf(SubmitOutcome.Submitted.class);
    }

    @Test
    void anOpenDomainRequestDoesNotHoldBackARollback() {
        submit(ALICE, ALICE_API, "huggingface.co", null);

        assertThat(rollback(1, null)).isInstanceOf(SubmitOutcome.Submitted.class);
    }
}
