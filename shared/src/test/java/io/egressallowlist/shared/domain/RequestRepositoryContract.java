package io.egressallowlist.shared.domain;

import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestRepository.ChangeResult;
import io.egressallowlist.shared.domain.RequestRepository.CreateResult;
import io.egressallowlist.shared.domain.RequestRepository.Page;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link RequestRepository} promises, run against the in-memory store and the DynamoDB one, so
 * that the fake the use-case tests run on cannot drift from the real store. A subclass supplies a fresh,
 * empty store per test.
 */
public abstract class RequestRepositoryContract {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    protected static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    protected static final String ALICE = "arn:aws:sts::123456789012:assumed-role/StudioExec/alice";
    protected static final String BOB = "arn:aws:sts::123456789012:assumed-role/StudioExec/bob";

    private RequestRepository store;

    /** A new, empty store. */
    protected abstract RequestRepository newStore();

    /** A new, empty store that reads the time from {@code clock}. */
    protected abstract RequestRepository newStore(Clock clock);

    protected final RequestRepository store() {
        if (store == null) {
            store = newStore();
        }
        return store;
    }

    /** Ids that sort by creation, like the ULIDs production uses. */
    protected static RequestId nextId() {
        return new RequestId(String.format("01TEST%020d", SEQUENCE.incrementAndGet()));
    }

    protected static AllowlistRequest pending(String target, String principal, Instant now) {
        return pendingWithKey(target, principal, now, null);
    }

    protected static AllowlistRequest pendingWithKey(String target, String principal, Instant now, String key) {
        return AllowlistRequest.newDomainRequest(nextId(), new FirewallTarget(target), Requester.of(principal),
                "needed for work", Duration.ofDays(30), now, Duration.ofDays(7), false, key);
    }

    private static AllowlistRequest rollbackTo(long version, String principal) {
        return AllowlistRequest.newRollbackRequest(nextId(), new VersionNumber(version), Requester.of(principal),
                "bad change", NOW, Duration.ofDays(7), null);
    }

    private AllowlistRequest stored(AllowlistRequest request) {
        store().create(request);
        return request;
    }

    // ---- create ------------------------------------------------------------------------------------

    @Test
    void aCreatedRequestReadsBackIdentically() {
        AllowlistRequest request = new AllowlistRequest(nextId(), RequestKind.DOMAIN, new FirewallTarget(".pypi.org"),
                null, new Requester(ALICE, "U0ALICE01", "alice-profile"), "pip install", RequestStatus.APPROVED,
                Duration.ofDays(14), NOW, NOW, NOW.plus(Duration.ofDays(7)), null,
                List.of(new Approval("U0APPROVER", NOW, Channel.SLACK)), "U0APPROVER", "ok", Intent.ADD, null, "key-1", null, null);

        assertThat(store().create(request)).isEqualTo(new CreateResult.Created(request));

        assertThat(store().find(request.id())).contains(request);
    }

    @Test
    void aRequestKeepsItsScopeAndTheFactoriesMakeDefaultOnes() {
        AllowlistRequest risk = pending("scoped.example.com", ALICE, NOW).inScope(ScopeName.of("risk"));

        assertThat(store().create(risk)).isEqualTo(new CreateResult.Created(risk));

        assertThat(store().find(risk.id()).orElseThrow().scope()).isEqualTo(ScopeName.of("risk"));
        assertThat(pending("other.example.com", ALICE, NOW).scope()).isEqualTo(ScopeName.DEFAULT);
    }

    @Test
    void timesAreKeptToTheMillisecondAndGrantsToTheSecond() {
        Instant precise = NOW.plusNanos(123_456_789);
        AllowlistRequest request = AllowlistRequest.newDomainRequest(nextId(), new FirewallTarget("example.com"),
                Requester.of(ALICE), "x", Duration.ofDays(1).plusMillis(1_500), precise, Duration.ofDays(7), false, null);

        store().create(request);

        AllowlistRequest read = store().find(request.id()).orElseThrow();
        assertThat(read.createdAt()).isEqualTo(NOW.plusMillis(123));
        assertThat(read.updatedAt()).isEqualTo(NOW.plusMillis(123));
        assertThat(read.pendingUntil()).isEqualTo(NOW.plus(Duration.ofDays(7)).plusMillis(123));
        assertThat(read.grantDuration()).isEqualTo(Duration.ofDays(1).plusSeconds(1));
    }

    @Test
    void aSecondOpenRequestForTheSameTargetReturnsTheFirst() {
        AllowlistRequest first = stored(pending("api.github.com", ALICE, NOW));

        CreateResult second = store().create(pending("api.github.com", BOB, NOW));

        assertThat(second).isEqualTo(new CreateResult.ExistingOpenRequest(first));
        assertThat(store().list(RequestStatus.PENDING, null, 10, null).items()).extracting(AllowlistRequest::id)
                .containsExactly(first.id());
    }

    @Test
    void concurrentRequestsForOneTargetStoreExactlyOne() throws Exception {
        RequestRepository repository = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<CreateResult>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String principal = "arn:aws:iam::123456789012:user/u" + i;
                attempts.add(() -> repository.create(pending("huggingface.co", principal, NOW)));
            }
            List<CreateResult> results = new ArrayList<>();
            for (Future<CreateResult> future : pool.invokeAll(attempts)) {
                results.add(future.get());
            }

            assertThat(results).filteredOn(r -> r instanceof CreateResult.Created).hasSize(1);
            Set<RequestId> pointedTo = new HashSet<>();
            for (CreateResult result : results) {
                pointedTo.add(result instanceof CreateResult.Created created ? created.request().id()
                        : ((CreateResult.ExistingOpenRequest) result).existing().id());
            }
            assertThat(pointedTo).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedRequestFreesItsTargetForANewRequest() {
        AllowlistRequest first = stored(pending("example.org", ALICE, NOW));
        store().change(first.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.DENIED, NOW).decidedBy("U0APPROVER"));

        CreateResult second = store().create(pending("example.org", ALICE, NOW));

        assertThat(second).isInstanceOf(CreateResult.Created.class);
    }

    @Test
    void aRequestStillOpenAfterAChangeKeepsItsTarget() {
        AllowlistRequest first = stored(pending("example.org", ALICE, NOW));
        AllowlistRequest approved = ((ChangeResult.Changed) store().change(first.id(), Change.from(RequestStatus.PENDING)
                .to(RequestStatus.APPROVED, NOW.plusSeconds(1)).intent(Intent.ADD))).request();

        assertThat(store().create(pending("example.org", BOB, NOW))).isEqualTo(new CreateResult.ExistingOpenRequest(approved));
    }

    @Test
    void anActivatedGrantFreesItsTarget() {
        AllowlistRequest first = stored(pending("example.org", ALICE, NOW));
        store().change(first.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).intent(Intent.ADD));
        store().change(first.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, NOW).clearIntent());

        assertThat(store().create(pending("example.org", BOB, NOW))).isInstanceOf(CreateResult.Created.class);
    }

    @Test
    void oneRollbackIsOpenAtATimeWhateverItsVersion() {
        AllowlistRequest first = stored(rollbackTo(3, ALICE));

        assertThat(store().create(rollbackTo(2, BOB))).isEqualTo(new CreateResult.ExistingOpenRequest(first));
        assertThat(store().create(pending("example.org", BOB, NOW))).as("domain requests do not share its slot")
                .isInstanceOf(CreateResult.Created.class);

        store().change(first.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.WITHDRAWN, NOW));
        assertThat(store().create(rollbackTo(2, BOB))).isInstanceOf(CreateResult.Created.class);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheOriginalRequest() {
        AllowlistRequest original = stored(pendingWithKey("conda.anaconda.org", ALICE, NOW, "retry-123"));

        CreateResult replay = store().create(pendingWithKey("conda.anaconda.org", ALICE, NOW, "retry-123"));

        assertThat(replay).isEqualTo(new CreateResult.IdempotentReplay(original));
    }

    @Test
    void aReplayAnswersWithTheRequestAsItIsNow() {
        AllowlistRequest original = stored(pendingWithKey("conda.anaconda.org", ALICE, NOW, "retry-123"));
        AllowlistRequest denied = ((ChangeResult.Changed) store().change(original.id(), Change.from(RequestStatus.PENDING)
                .to(RequestStatus.DENIED, NOW.plusSeconds(5)).decidedBy("U0APPROVER"))).request();

        CreateResult replay = store().create(pendingWithKey("other.example.com", ALICE, NOW, "retry-123"));

        assertThat(replay).as("the key, not the target, decides").isEqualTo(new CreateResult.IdempotentReplay(denied));
    }

    @Test
    void aKeyThatMetAnOpenRequestAnswersWithThatRequestWhenReplayed() {
        AllowlistRequest first = stored(pending("example.org", ALICE, NOW));

        CreateResult met = store().create(pendingWithKey("example.org", BOB, NOW, "k"));
        CreateResult replay = store().create(pendingWithKey("example.org", BOB, NOW, "k"));

        assertThat(met).isEqualTo(new CreateResult.ExistingOpenRequest(first));
        assertThat(replay).isEqualTo(new CreateResult.IdempotentReplay(first));
    }

    @Test
    void idempotencyKeysAreScopedToTheirPrincipal() {
        store().create(pendingWithKey("one.example.com", ALICE, NOW, "k"));

        assertThat(store().create(pendingWithKey("two.example.com", BOB, NOW, "k"))).isInstanceOf(CreateResult.Created.class);
    }

    // ---- changes and votes -------------------------------------------------------------------------

    @Test
    void aTransitionHappensOnceEvenWhenRequestedTwice() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));
        Change approve = Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).decidedBy("U1").intent(Intent.ADD);

        ChangeResult first = store().change(request.id(), approve);
        ChangeResult second = store().change(request.id(), approve);

        assertThat(first).isInstanceOf(ChangeResult.Changed.class);
        assertThat(((ChangeResult.Changed) first).request().intent()).isEqualTo(Intent.ADD);
        assertThat(second).isInstanceOf(ChangeResult.Conflict.class);
        assertThat(((ChangeResult.Conflict) second).current().status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void aChangeAppliesFromAnyExpectedStatusAndKeepsWhatItDoesNotName() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));
        store().change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).decidedBy("U1")
                .intent(Intent.ADD));
        Instant later = NOW.plusSeconds(60);

        ChangeResult result = store().change(request.id(), Change.from(RequestStatus.APPLYING, RequestStatus.APPROVED)
                .to(RequestStatus.ACTIVE, later).version(new VersionNumber(4)).expiresAt(later.plus(Duration.ofDays(30)))
                .note("applied").clearIntent());

        AllowlistRequest after = ((ChangeResult.Changed) result).request();
        assertThat(after.status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(after.updatedAt()).isEqualTo(later);
        assertThat(after.version()).isEqualTo(new VersionNumber(4));
        assertThat(after.expiresAt()).isEqualTo(later.plus(Duration.ofDays(30)));
        assertThat(after.decisionNote()).isEqualTo("applied");
        assertThat(after.intent()).isNull();
        assertThat(after.decidedBy()).as("not named by the change").isEqualTo("U1");
        assertThat(after.justification()).isEqualTo(request.justification());
        assertThat(after.createdAt()).isEqualTo(request.createdAt());
        assertThat(store().find(request.id())).contains(after);
    }

    @Test
    void aChangeThatOnlyRecordsTheTimeKeepsTheStatus() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));

        ChangeResult result = store().change(request.id(), Change.from(RequestStatus.PENDING).at(NOW.plusSeconds(9)));

        assertThat(((ChangeResult.Changed) result).request().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(((ChangeResult.Changed) result).request().updatedAt()).isEqualTo(NOW.plusSeconds(9));
    }

    @Test
    void aChangeWithoutATimeOfItsOwnIsMadeAtTheStoresClock() {
        Instant storeTime = NOW.plus(Duration.ofDays(3)).plusMillis(250);
        RequestRepository clocked = newStore(Clock.fixed(storeTime, ZoneOffset.UTC));
        AllowlistRequest request = pending("example.com", ALICE, NOW);
        clocked.create(request);

        ChangeResult result = clocked.change(request.id(), Change.from(RequestStatus.PENDING).decidedBy("U0APPROVER"));

        AllowlistRequest after = ((ChangeResult.Changed) result).request();
        assertThat(after.updatedAt()).isEqualTo(storeTime);
        assertThat(clocked.find(request.id())).contains(after);
    }

    @Test
    void concurrentDecisionsLetExactlyOneWin() throws Exception {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));
        RequestRepository repository = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<ChangeResult>> decisions = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RequestStatus to = i % 2 == 0 ? RequestStatus.APPROVED : RequestStatus.DENIED;
                String actor = "U0APPROVER" + i;
                decisions.add(() -> repository.change(request.id(), Change.from(RequestStatus.PENDING).to(to, NOW).decidedBy(actor)));
            }
            List<ChangeResult> results = new ArrayList<>();
            for (Future<ChangeResult> future : pool.invokeAll(decisions)) {
                results.add(future.get());
            }
            assertThat(results).filteredOn(r -> r instanceof ChangeResult.Changed).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anApproverVotesOnce() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));

        ChangeResult first = store().addApproval(request.id(), new Approval("U1", NOW, Channel.SLACK));
        ChangeResult again = store().addApproval(request.id(), new Approval("U1", NOW.plusSeconds(1), Channel.SLACK));
        ChangeResult other = store().addApproval(request.id(), new Approval("U2", NOW.plusSeconds(2), Channel.SLACK));

        assertThat(first).isInstanceOf(ChangeResult.Changed.class);
        assertThat(again).isInstanceOf(ChangeResult.Conflict.class);
        assertThat(((ChangeResult.Changed) other).request().approvals()).extracting(Approval::approver)
                .containsExactly("U1", "U2");
    }

    @Test
    void aVoteKeepsTheStatusAndRecordsItsTime() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));
        Approval vote = new Approval("U1", NOW.plusSeconds(30), Channel.API);

        AllowlistRequest after = ((ChangeResult.Changed) store().addApproval(request.id(), vote)).request();

        assertThat(after.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(after.approvals()).containsExactly(vote);
        assertThat(after.updatedAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(store().find(request.id())).contains(after);
    }

    @Test
    void votesOnADecidedRequestAreRefused() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));
        store().change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.WITHDRAWN, NOW).decidedBy(ALICE));

        assertThat(store().addApproval(request.id(), new Approval("U1", NOW, Channel.SLACK)))
                .isInstanceOf(ChangeResult.Conflict.class);
    }

    @Test
    void changesToUnknownRequestsReportNotFound() {
        RequestId unknown = nextId();
        assertThat(store().change(unknown, Change.from(RequestStatus.PENDING).to(RequestStatus.DENIED, NOW)))
                .isEqualTo(new ChangeResult.NotFound(unknown));
        assertThat(store().addApproval(unknown, new Approval("U1", NOW, Channel.SLACK)))
                .isEqualTo(new ChangeResult.NotFound(unknown));
        assertThat(store().find(unknown)).isEmpty();
        assertThatThrownBy(() -> new RequestId("open#example.com")).as("the port cannot name a slot item")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearingAnIntentHappensOnce() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));
        store().change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).intent(Intent.ADD));
        Change activate = Change.from(RequestStatus.APPROVED, RequestStatus.APPLYING).to(RequestStatus.ACTIVE, NOW)
                .version(new VersionNumber(3)).clearIntent();

        assertThat(store().change(request.id(), activate)).isInstanceOf(ChangeResult.Changed.class);
        assertThat(store().withIntent()).isEmpty();
        assertThat(store().find(request.id()).orElseThrow().version()).isEqualTo(new VersionNumber(3));
    }

    @Test
    void clearingAnIntentThatIsGoneIsAConflictEvenInAnExpectedStatus() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));
        store().change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.EXPIRED, NOW).intent(Intent.REMOVE));
        Change removed = Change.from(RequestStatus.EXPIRED).at(NOW.plusSeconds(1)).clearIntent();

        assertThat(store().change(request.id(), removed)).isInstanceOf(ChangeResult.Changed.class);
        ChangeResult again = store().change(request.id(), removed);

        assertThat(again).isInstanceOf(ChangeResult.Conflict.class);
        assertThat(((ChangeResult.Conflict) again).current().updatedAt()).isEqualTo(NOW.plusSeconds(1));
    }

    // ---- reads -------------------------------------------------------------------------------------

    @Test
    void intentsAreListedInDecisionOrder() {
        List<RequestId> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(stored(pending("host" + i + ".example.com", ALICE, NOW)).id());
        }
        store().change(ids.get(2), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW.plusSeconds(1)).intent(Intent.ADD));
        store().change(ids.get(0), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW.plusSeconds(2)).intent(Intent.ADD));

        assertThat(store().withIntent()).extracting(AllowlistRequest::id).containsExactly(ids.get(2), ids.get(0));
    }

    @Test
    void aRequestCreatedWithAnIntentIsListedWithTheIntents() {
        AllowlistRequest autoApproved = AllowlistRequest.newDomainRequest(nextId(), new FirewallTarget("files.pypi.org"),
                Requester.of(ALICE), "pip", Duration.ofDays(30), NOW, Duration.ofDays(7), true, null);

        store().create(autoApproved);

        assertThat(store().withIntent()).containsExactly(autoApproved);
    }

    @Test
    void listsArePagedWithOpaqueTokensAndFilteredByRequester() {
        for (int i = 0; i < 5; i++) {
            store().create(pending("a" + i + ".example.com", ALICE, NOW.plusSeconds(i)));
            store().create(pending("b" + i + ".example.com", BOB, NOW.plusSeconds(i)));
        }

        Page first = store().list(RequestStatus.PENDING, ALICE, 3, null);
        Page second = store().list(RequestStatus.PENDING, ALICE, 3, first.nextPageToken());

        assertThat(first.items()).hasSize(3).allMatch(r -> r.requester().principal().equals(ALICE));
        assertThat(second.items()).hasSize(2);
        assertThat(second.items()).extracting(AllowlistRequest::target).doesNotContainAnyElementsOf(
                first.items().stream().map(AllowlistRequest::target).toList());
        Page all = store().listAll(null, 100, null);
        assertThat(all.items()).hasSize(10);
        assertThat(all.items().get(0).id()).isGreaterThan(all.items().get(9).id());
    }

    @Test
    void oneStatusIsListedOldestFirstAndPagingVisitsEachRequestOnce() {
        List<RequestId> expected = new ArrayList<>();
        for (int i = 6; i >= 0; i--) {
            // Created out of id order: the list follows creation time.
            AllowlistRequest request = stored(pending("h" + i + ".example.com", ALICE, NOW.plusSeconds(i)));
            expected.add(0, request.id());
        }
        AllowlistRequest denied = stored(pending("denied.example.com", ALICE, NOW.minusSeconds(5)));
        store().change(denied.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.DENIED, NOW));

        List<RequestId> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            assertThat(++pages).as("pages for 7 requests, 3 a page").isLessThanOrEqualTo(3);
            Page page = store().list(RequestStatus.PENDING, null, 3, token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(request -> seen.add(request.id()));
            token = page.nextPageToken();
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(store().list(RequestStatus.DENIED, null, 10, null).items()).extracting(AllowlistRequest::id)
                .containsExactly(denied.id());
    }

    @Test
    void everyRequestIsListedNewestIdFirstWhateverItsStatus() {
        AllowlistRequest first = stored(pending("one.example.com", ALICE, NOW.plusSeconds(9)));
        AllowlistRequest second = stored(pending("two.example.com", BOB, NOW));
        AllowlistRequest third = stored(pending("three.example.com", ALICE, NOW.plusSeconds(5)));
        store().change(second.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.DENIED, NOW));

        Page page = store().listAll(null, 2, null);
        Page rest = store().listAll(null, 2, page.nextPageToken());

        assertThat(page.items()).extracting(AllowlistRequest::id).containsExactly(third.id(), second.id());
        assertThat(rest.items()).extracting(AllowlistRequest::id).containsExactly(first.id());
        assertThat(store().listAll(ALICE, 10, null).items()).extracting(AllowlistRequest::id)
                .containsExactly(third.id(), first.id());
    }

    @Test
    void aPageTokenContinuesAfterItsRequestEvenWhenThatRequestHasMovedOn() {
        List<AllowlistRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(stored(pending("m" + i + ".example.com", ALICE, NOW.plusSeconds(i))));
        }
        Page first = store().list(RequestStatus.PENDING, null, 2, null);
        store().change(requests.get(1).id(), Change.from(RequestStatus.PENDING).to(RequestStatus.DENIED, NOW));

        Page second = store().list(RequestStatus.PENDING, null, 2, first.nextPageToken());

        assertThat(second.items()).extracting(AllowlistRequest::id)
                .containsExactly(requests.get(2).id(), requests.get(3).id());
    }

    @Test
    void aForgedPageTokenIsRefused() {
        assertThatThrownBy(() -> store().list(RequestStatus.PENDING, null, 10, "!!not-a-token!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page token is not valid");
        assertThatThrownBy(() -> store().list(RequestStatus.PENDING, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPageOfMoreThanAHundredIsRefused() {
        assertThatThrownBy(() -> store().listAll(null, 101, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..100");
        assertThatThrownBy(() -> store().listAll(null, 10, "!!not-a-token!!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page token is not valid");
    }

    @Test
    void activeGrantsAreFoundByTarget() {
        AllowlistRequest request = stored(pending("example.com", ALICE, NOW));
        store().change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).intent(Intent.ADD));
        store().change(request.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, NOW).version(new VersionNumber(2)).clearIntent());

        assertThat(store().activeFor(new FirewallTarget("example.com"))).extracting(AllowlistRequest::id).containsExactly(request.id());
        assertThat(store().activeFor(new FirewallTarget("other.example.com"))).isEmpty();
    }

    @Test
    void onlyActiveGrantsAreFoundByTarget() {
        AllowlistRequest expired = stored(pending("example.com", ALICE, NOW));
        store().change(expired.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).intent(Intent.ADD));
        store().change(expired.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, NOW).clearIntent());
        store().change(expired.id(), Change.from(RequestStatus.ACTIVE).to(RequestStatus.EXPIRED, NOW).intent(Intent.REMOVE));
        CreateResult open = store().create(pending("example.com", BOB, NOW.plusSeconds(1)));

        assertThat(open).isInstanceOf(CreateResult.Created.class);
        assertThat(store().activeFor(new FirewallTarget("example.com"))).as("neither the expired nor the pending one")
                .isEmpty();
    }

    // ---- scopes ------------------------------------------------------------------------------------

    private static final ScopeName RISK = ScopeName.of("risk");
    private static final ScopeName RESEARCH = ScopeName.of("research");

    private static AllowlistRequest modeSwitch(ScopeName scope, ScopeMode mode, String principal) {
        return AllowlistRequest.newModeRequest(nextId(), scope, mode, Requester.of(principal), "learnt enough", NOW,
                Duration.ofDays(7), null);
    }

    private AllowlistRequest approved(AllowlistRequest request, Instant at) {
        stored(request);
        return ((ChangeResult.Changed) store().change(request.id(), Change.from(RequestStatus.PENDING)
                .to(RequestStatus.APPROVED, at).intent(Intent.ADD))).request();
    }

    @Test
    void theSameTargetMayBeOpenInTwoScopesAtOnceButOnlyOnceInEach() {
        AllowlistRequest inDefault = stored(pending("data.example.com", ALICE, NOW));
        AllowlistRequest inRisk = pending("data.example.com", ALICE, NOW).inScope(RISK);

        assertThat(store().create(inRisk)).isEqualTo(new CreateResult.Created(inRisk));
        assertThat(store().create(pending("data.example.com", BOB, NOW).inScope(RESEARCH)))
                .isInstanceOf(CreateResult.Created.class);
        assertThat(store().create(pending("data.example.com", BOB, NOW).inScope(RISK)))
                .isEqualTo(new CreateResult.ExistingOpenRequest(inRisk));
        assertThat(store().create(pending("data.example.com", BOB, NOW)))
                .isEqualTo(new CreateResult.ExistingOpenRequest(inDefault));
    }

    @Test
    void closingARequestFreesItsTargetInItsOwnScopeOnly() {
        AllowlistRequest inDefault = stored(pending("data.example.com", ALICE, NOW));
        AllowlistRequest inRisk = stored(pending("data.example.com", ALICE, NOW).inScope(RISK));

        store().change(inRisk.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.WITHDRAWN, NOW));

        assertThat(store().create(pending("data.example.com", BOB, NOW).inScope(RISK)))
                .isInstanceOf(CreateResult.Created.class);
        assertThat(store().create(pending("data.example.com", BOB, NOW)))
                .isEqualTo(new CreateResult.ExistingOpenRequest(inDefault));
    }

    @Test
    void oneRollbackAndOneModeSwitchAreOpenPerScope() {
        AllowlistRequest rollbackInDefault = stored(rollbackTo(3, ALICE));
        AllowlistRequest rollbackInRisk = rollbackTo(2, ALICE).inScope(RISK);
        AllowlistRequest modeInRisk = modeSwitch(RISK, ScopeMode.ENFORCE, ALICE);

        assertThat(store().create(rollbackInRisk)).isInstanceOf(CreateResult.Created.class);
        assertThat(store().create(modeInRisk)).as("a mode switch does not share the rollback's slot")
                .isEqualTo(new CreateResult.Created(modeInRisk));
        assertThat(store().create(modeSwitch(RESEARCH, ScopeMode.ENFORCE, BOB))).isInstanceOf(CreateResult.Created.class);

        assertThat(store().create(rollbackTo(1, BOB).inScope(RISK)))
                .isEqualTo(new CreateResult.ExistingOpenRequest(rollbackInRisk));
        assertThat(store().create(modeSwitch(RISK, ScopeMode.LEARN, BOB)))
                .isEqualTo(new CreateResult.ExistingOpenRequest(modeInRisk));
        assertThat(store().create(rollbackTo(1, BOB))).isEqualTo(new CreateResult.ExistingOpenRequest(rollbackInDefault));
        assertThat(store().find(modeInRisk.id()).orElseThrow().mode()).isEqualTo(ScopeMode.ENFORCE);
    }

    @Test
    void intentsAreListedForTheirOwnScopeOnly() {
        AllowlistRequest inDefault = approved(pending("a.example.com", ALICE, NOW), NOW.plusSeconds(1));
        AllowlistRequest inRisk = approved(pending("a.example.com", ALICE, NOW).inScope(RISK), NOW.plusSeconds(2));
        AllowlistRequest laterInRisk = approved(pending("b.example.com", ALICE, NOW).inScope(RISK), NOW.plusSeconds(3));

        assertThat(store().withIntent(RISK)).extracting(AllowlistRequest::id)
                .containsExactly(inRisk.id(), laterInRisk.id());
        assertThat(store().withIntent(ScopeName.DEFAULT)).extracting(AllowlistRequest::id).containsExactly(inDefault.id());
        assertThat(store().withIntent()).as("without a scope: the default scope's").containsExactly(inDefault);
        assertThat(store().withIntent(RESEARCH)).isEmpty();
    }

    @Test
    void activeGrantsAreFoundForTheirOwnScopeOnly() {
        AllowlistRequest inRisk = approved(pending("shared.example.com", ALICE, NOW).inScope(RISK), NOW);
        store().change(inRisk.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, NOW).clearIntent());
        FirewallTarget target = new FirewallTarget("shared.example.com");

        assertThat(store().activeFor(RISK, target)).extracting(AllowlistRequest::id).containsExactly(inRisk.id());
        assertThat(store().activeFor(ScopeName.DEFAULT, target)).isEmpty();
        assertThat(store().activeFor(target)).as("without a scope: the default scope's").isEmpty();
        assertThat(store().activeFor(RESEARCH, target)).isEmpty();
    }

    @Test
    void listsAreFilteredByScopeWhenOneIsGiven() {
        AllowlistRequest inDefault = stored(pending("a.example.com", ALICE, NOW));
        AllowlistRequest inRisk = stored(pending("b.example.com", ALICE, NOW.plusSeconds(1)).inScope(RISK));
        AllowlistRequest bobInRisk = stored(pending("c.example.com", BOB, NOW.plusSeconds(2)).inScope(RISK));

        assertThat(store().list(RequestStatus.PENDING, null, RISK, 10, null).items()).extracting(AllowlistRequest::id)
                .containsExactly(inRisk.id(), bobInRisk.id());
        assertThat(store().list(RequestStatus.PENDING, BOB, RISK, 10, null).items()).extracting(AllowlistRequest::id)
                .containsExactly(bobInRisk.id());
        assertThat(store().listAll(null, ScopeName.DEFAULT, 10, null).items()).extracting(AllowlistRequest::id)
                .containsExactly(inDefault.id());
        assertThat(store().listAll(null, null, 10, null).items()).as("no scope: every scope")
                .extracting(AllowlistRequest::id).containsExactly(bobInRisk.id(), inRisk.id(), inDefault.id());
        assertThat(store().listAll(ALICE, RESEARCH, 10, null).items()).isEmpty();
    }

    @Test
    void aFilteredListIsPagedThroughEveryMatch() {
        List<RequestId> risk = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            store().create(pending("d" + i + ".example.com", ALICE, NOW.plusSeconds(i)));
            risk.add(stored(pending("r" + i + ".example.com", ALICE, NOW.plusSeconds(i)).inScope(RISK)).id());
        }
        List<RequestId> seen = new ArrayList<>();
        String token = null;
        do {
            Page page = store().list(RequestStatus.PENDING, null, RISK, 4, token);
            page.items().forEach(r -> seen.add(r.id()));
            token = page.nextPageToken();
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(risk);
    }
}
