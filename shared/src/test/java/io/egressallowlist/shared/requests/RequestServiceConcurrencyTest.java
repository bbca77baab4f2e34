package io.egressallowlist.shared.requests;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Approvers clicking at once, through the real request store on dynalite: one approval, audited once. */
@ExtendWith(DynaliteExtension.class)
class RequestServiceConcurrencyTest {

    private static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = 2
            approvers        = U0APPROVE1, U0APPROVE2
            approver-groups  = S0SECURITY
            """;
    private static final Requester ALICE = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/alice",
            "U0ALICE0001", "alice");
    private static final Actor ALICE_API = Actor.api(ALICE.principal(), "10.0.1.5");
    private static final Actor APPROVER_1 = Actor.slack(new SlackUserId("U0APPROVE1"), Set.of());
    private static final Actor APPROVER_2 = Actor.slack(new SlackUserId("U0APPROVE2"), Set.of());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @Test
    void concurrentApprovalsApproveOnceAndAuditOnce(DynamoDbClient dynamo) throws Exception {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("svc"));
        TableSchemas.createAll(dynamo, tables);
        DynamoRequestStore requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        DynamoVersionLog versions = new DynamoVersionLog(dynamo, tables.versions(), "rg");
        DynamoAuditTrail audit = new DynamoAuditTrail(dynamo, tables.audit());
        versions.append(AllowlistVersion.create(1, null, List.of(".amazonaws.com", "github.com"),
                VersionCause.baseline(), "system", clock.instant()).markedApplied(clock.instant()));
        RequestService service = new RequestService(requests, versions, audit,
                ((PolicyParser.Parsed) PolicyParser.parse(POLICY)).policy(), Duration.ofDays(7), clock, new Random(1));
        AllowlistRequest request = ((SubmitOutcome.Submitted) service.submit("example.com", "x", Optional.empty(),
                ALICE, ALICE_API, null)).request();
        List<Actor> approvers = List.of(APPROVER_1, APPROVER_2,
                Actor.slack(new SlackUserId("U0GROUPIE1"), Set.of(new SlackUserGroupId("S0SECURITY"))),
                Actor.slack(new SlackUserId("U0GROUPIE2"), Set.of(new SlackUserGroupId("S0SECURITY"))));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<DecisionOutcome>> clicks = new ArrayList<>();
            for (Actor approver : approvers) {
                clicks.add(() -> service.approve(request.id(), approver));
                clicks.add(() -> service.approve(request.id(), approver));
            }
            for (Future<DecisionOutcome> click : pool.invokeAll(clicks)) {
                click.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(requests.find(request.id()).orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(audit.forRequest(request.id())).filteredOn(e -> e.action().equals("REQUEST_APPROVED")).hasSize(1);
    }
}
