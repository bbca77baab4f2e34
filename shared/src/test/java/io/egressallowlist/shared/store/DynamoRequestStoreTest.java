package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestRepository.ChangeResult;
import io.egressallowlist.shared.domain.RequestRepository.CreateResult;
import io.egressallowlist.shared.domain.RequestRepository.Page;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.egressallowlist.shared.store.StoreFixture.pending;
import static io.egressallowlist.shared.store.StoreFixture.pendingWithKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynaliteExtension.class)
class DynamoRequestStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final String ALICE = "arn:aws:sts::123456789012:assumed-role/StudioExec/alice";
    private static final String BOB = "arn:aws:sts::123456789012:assumed-role/StudioExec/bob";

    private DynamoDbClient dynamo;
    private StoreFixture fixture;
    private DynamoRequestStore store;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.fixture = new StoreFixture(dynamo);
        this.store = fixture.requests;
    }

    @Test
    void aCreatedRequestReadsBackIdentically() {
        AllowlistRequest request = new AllowlistRequest(StoreFixture.nextId(), io.egressallowlist.shared.domain.RequestKind.DOMAIN,
                new FirewallTarget(".pypi.org"), null, new Requester(ALICE, "U0ALICE01", "alice-profile"), "pip install",
                RequestStatus.APPROVED, Duration.ofDays(14), NOW, NOW, NOW.plus(Duration.ofDays(7)), null,
                List.of(new Approval("U0APPROVER", NOW, Channel.SLACK)), "U0APPROVER", "ok", Intent.ADD, null, "key-1");

        assertThat(store.create(request)).isEqualTo(new CreateResult.Created(request));

        assertThat(store.find(request.id())).contains(request);
    }

    @Test
    void aSecondOpenRequestForTheSameTargetReturnsTheFirst() {
        AllowlistRequest first = pending("api.github.com", ALICE, NOW);
        store.create(first);

        CreateResult second = store.create(pending("api.github.com", BOB, NOW));

        assertThat(second).isEqualTo(new CreateResult.ExistingOpenRequest(first));
        assertThat(store.list(RequestStatus.PENDING, null, 10, null).items()).extracting(AllowlistRequest::id)
                .containsExactly(first.id());
    }

    @Test
    void concurrentRequestsForOneTargetStoreExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<CreateResult>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String principal = "arn:aws:iam::123456789012:user/u" + i;
                attempts.add(() -> store.create(pending("huggingface.co", principal, NOW)));
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
        AllowlistRequest first = pending("example.org", ALICE, NOW);
        store.create(first);
        store.change(first.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.DENIED, NOW).decidedBy("U0APPROVER"));

        CreateResult second = store.create(pending("example.org", ALICE, NOW));

        assertThat(second).isInstanceOf(CreateResult.Created.class);
    }

    @Test
    void aSlotLeftBehindByACrashIsTakenOver() {
        // A crash between claiming the slot and storing the request leaves a slot whose holder does not exist.
        dynamo.putItem(b -> b.tableName(fixture.tables.requests()).item(Map.of(
                "id", AttributeValue.fromS("open#example.net"), "holder", AttributeValue.fromS("01NEVERSTORED"),
                "claimedAt", AttributeValue.fromN(Long.toString(Instant.now().minusSeconds(120).toEpochMilli())))));

        assertThat(store.create(pending("example.net", ALICE, NOW))).isInstanceOf(CreateResult.Created.class);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheOriginalRequest() {
        AllowlistRequest original = pendingWithKey("conda.anaconda.org", ALICE, NOW, "retry-123");
        store.create(original);

        CreateResult replay = store.create(pendingWithKey("conda.anaconda.org", ALICE, NOW, "retry-123"));

        assertThat(replay).isEqualTo(new CreateResult.IdempotentReplay(original));
    }

    @Test
    void idempotencyKeysAreScopedToTheirPrincipal() {
        store.create(pendingWithKey("one.example.com", ALICE, NOW, "k"));

        assertThat(store.create(pendingWithKey("two.example.com", BOB, NOW, "k"))).isInstanceOf(CreateResult.Created.class);
    }

    @Test
    void aTransitionHappensOnceEvenWhenRequestedTwice() {
        AllowlistRequest request = pending("example.com", ALICE, NOW);
        store.create(request);
        Change approve = Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).decidedBy("U1").intent(Intent.ADD);

        ChangeResult first = store.change(request.id(), approve);
        ChangeResult second = store.change(request.id(), approve);

        assertThat(first).isInstanceOf(ChangeResult.Changed.class);
        assertThat(((ChangeResult.Changed) first).request().intent()).isEqualTo(Intent.ADD);
        assertThat(second).isInstanceOf(ChangeResult.Conflict.class);
        assertThat(((ChangeResult.Conflict) second).current().status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void concurrentDecisionsLetExactlyOneWin() throws Exception {
        AllowlistRequest request = pending("example.com", ALICE, NOW);
        store.create(request);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<ChangeResult>> decisions = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RequestStatus to = i % 2 == 0 ? RequestStatus.APPROVED : RequestStatus.DENIED;
                String actor = "U0APPROVER" + i;
                decisions.add(() -> store.change(request.id(), Change.from(RequestStatus.PENDING).to(to, NOW).decidedBy(actor)));
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
        AllowlistRequest request = pending("example.com", ALICE, NOW);
        store.create(request);

        ChangeResult first = store.addApproval(request.id(), new Approval("U1", NOW, Channel.SLACK));
        ChangeResult again = store.addApproval(request.id(), new Approval("U1", NOW.plusSeconds(1), Channel.SLACK));
        ChangeResult other = store.addApproval(request.id(), new Approval("U2", NOW.plusSeconds(2), Channel.SLACK));

        assertThat(first).isInstanceOf(ChangeResult.Changed.class);
        assertThat(again).isInstanceOf(ChangeResult.Conflict.class);
        assertThat(((ChangeResult.Changed) other).request().approvals()).extracting(Approval::approver)
                .containsExactly("U1", "U2");
    }

    @Test
    void votesOnADecidedRequestAreRefused() {
        AllowlistRequest request = pending("example.com", ALICE, NOW);
        store.create(request);
        store.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.WITHDRAWN, NOW).decidedBy(ALICE));

        assertThat(store.addApproval(request.id(), new Approval("U1", NOW, Channel.SLACK)))
                .isInstanceOf(ChangeResult.Conflict.class);
    }

    @Test
    void changesToUnknownRequestsReportNotFound() {
        RequestId unknown = StoreFixture.nextId();
        assertThat(store.change(unknown, Change.from(RequestStatus.PENDING).to(RequestStatus.DENIED, NOW)))
                .isEqualTo(new ChangeResult.NotFound(unknown));
        assertThat(store.find(unknown)).isEmpty();
        assertThatThrownBy(() -> new RequestId("open#example.com")).as("the port cannot name a slot item")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearingAnIntentHappensOnce() {
        AllowlistRequest request = pending("example.com", ALICE, NOW);
        store.create(request);
        store.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).intent(Intent.ADD));
        Change activate = Change.from(RequestStatus.APPROVED, RequestStatus.APPLYING).to(RequestStatus.ACTIVE, NOW)
                .version(new VersionNumber(3)).clearIntent();

        assertThat(store.change(request.id(), activate)).isInstanceOf(ChangeResult.Changed.class);
        assertThat(store.withIntent()).isEmpty();
        assertThat(store.find(request.id()).orElseThrow().version()).isEqualTo(new VersionNumber(3));
    }

    @Test
    void intentsAreListedInDecisionOrder() {
        List<RequestId> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AllowlistRequest request = pending("host" + i + ".example.com", ALICE, NOW);
            store.create(request);
            ids.add(request.id());
        }
        store.change(ids.get(2), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW.plusSeconds(1)).intent(Intent.ADD));
        store.change(ids.get(0), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW.plusSeconds(2)).intent(Intent.ADD));

        assertThat(store.withIntent()).extracting(AllowlistRequest::id).containsExactly(ids.get(2), ids.get(0));
    }

    @Test
    void listsArePagedWithOpaqueTokensAndFilteredByRequester() {
        for (int i = 0; i < 5; i++) {
            store.create(pending("a" + i + ".example.com", ALICE, NOW.plusSeconds(i)));
            store.create(pending("b" + i + ".example.com", BOB, NOW.plusSeconds(i)));
        }

        Page first = store.list(RequestStatus.PENDING, ALICE, 3, null);
        Page second = store.list(RequestStatus.PENDING, ALICE, 3, first.nextPageToken());

        assertThat(first.items()).hasSize(3).allMatch(r -> r.requester().principal().equals(ALICE));
        assertThat(second.items()).hasSize(2);
        assertThat(second.items()).extracting(AllowlistRequest::target).doesNotContainAnyElementsOf(
                first.items().stream().map(AllowlistRequest::target).toList());
        Page all = store.listAll(null, 100, null);
        assertThat(all.items()).hasSize(10);
        assertThat(all.items().get(0).id()).isGreaterThan(all.items().get(9).id());
    }

    @Test
    void aForgedPageTokenIsRefused() {
        assertThatThrownBy(() -> store.list(RequestStatus.PENDING, null, 10, "!!not-a-token!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page token is not valid");
        assertThatThrownBy(() -> store.list(RequestStatus.PENDING, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void activeGrantsAreFoundByTarget() {
        AllowlistRequest request = pending("example.com", ALICE, NOW);
        store.create(request);
        store.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, NOW).intent(Intent.ADD));
        store.change(request.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, NOW).version(new VersionNumber(2)).clearIntent());

        assertThat(store.activeFor(new FirewallTarget("example.com"))).extracting(AllowlistRequest::id).containsExactly(request.id());
        assertThat(store.activeFor(new FirewallTarget("other.example.com"))).isEmpty();
    }
}
