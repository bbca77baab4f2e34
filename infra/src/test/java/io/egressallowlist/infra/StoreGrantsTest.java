package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.api.AuditVerification;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.AuditTrailContract;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedAttemptsContract;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestRepositoryContract;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.domain.SourceBindingsContract;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionLogContract;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.domain.WriterLease;
import io.egressallowlist.shared.domain.WriterLeaseContract;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.notify.MessageRefs;
import io.egressallowlist.shared.notify.MessageRefsContract;
import io.egressallowlist.shared.store.DynamoAuditChain;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoBlockedAttempts;
import io.egressallowlist.shared.store.DynamoMessageRefs;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoSourceBindings;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.DynamoWriterLease;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the stores call is what IAM grants: each store's contract suite runs on dynalite through a client that
 * records every DynamoDB operation per table, and every operation recorded must be among the actions the
 * synthesized template grants, on that table, to each function that runs that store. A store that starts calling
 * an operation its functions may not (a DeleteItem on the blocked table, a Scan, a transaction) fails here instead
 * of with AccessDenied on AWS, where dynalite does not check.
 *
 * <p>Who runs what follows the functions' code: the writers of a table run its store whole (the contract suite);
 * functions that only read a table run its reads, and those that only append to the audit trail run the append.
 */
@ExtendWith(DynaliteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreGrantsTest {

    private static final String REQUEST_WRITERS = "request store and Slack message refs, whole";
    private static final String REQUEST_READS = "request store reads";
    private static final String VERSION_WRITES = "version log, whole";
    private static final String VERSION_READS = "version log reads";
    private static final String WRITER_LEASE = "writer lease, whole";
    private static final String AUDIT_READS_AND_APPENDS = "audit trail, whole";
    private static final String AUDIT_APPENDS = "audit trail appends";
    private static final String AUDIT_VERIFICATION = "audit chain verification";
    private static final String BLOCKED_ATTEMPTS = "blocked attempts and digest state, whole";
    private static final String BLOCKED_READS = "blocked attempts reads";
    private static final String SOURCE_BINDINGS = "API callers' source addresses, whole";

    /** Which parts of the stores each function runs. */
    private static final Map<String, List<String>> RUNS = Map.of(
            FunctionNames.REQUEST_API, List.of(REQUEST_WRITERS, REQUEST_READS, VERSION_READS, AUDIT_READS_AND_APPENDS,
                    AUDIT_APPENDS, AUDIT_VERIFICATION, BLOCKED_ATTEMPTS, SOURCE_BINDINGS),
            // /egress blocked: the caller's attempts, or everyone's.
            FunctionNames.SLACK_INTERACTIONS, List.of(REQUEST_WRITERS, REQUEST_READS, VERSION_READS,
                    AUDIT_READS_AND_APPENDS, AUDIT_APPENDS, BLOCKED_READS),
            FunctionNames.FIREWALL_SYNC, List.of(REQUEST_WRITERS, REQUEST_READS, VERSION_WRITES, VERSION_READS,
                    WRITER_LEASE, AUDIT_APPENDS),
            FunctionNames.STALE_CLEANUP, List.of(REQUEST_WRITERS, REQUEST_READS, VERSION_READS, AUDIT_APPENDS),
            FunctionNames.STUDIO_GUARD, List.of(AUDIT_APPENDS),
            // Stores and reads attempts, sends digests, attributes by the API callers' addresses, and tells whether
            // a host is allowed now (versions) or already requested (requests).
            FunctionNames.ALERT_INGEST, List.of(BLOCKED_ATTEMPTS, SOURCE_BINDINGS, REQUEST_READS, VERSION_READS));

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    /** Part of the stores → table role (requests, versions, audit, blocked) → DynamoDB actions called. */
    private final Map<String, Map<String, Set<String>>> called = new ConcurrentHashMap<>();
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private Dynalite dynalite;

    @BeforeAll
    void start(Dynalite dynalite) {
        this.dynalite = dynalite;
    }

    @AfterAll
    void everyOperationTheStoresCallIsGrantedToEveryFunctionThatRunsThem() {
        clients.forEach(DynamoDbClient::close);
        assertThat(called).as("parts of the stores that ran").containsOnlyKeys(REQUEST_WRITERS, REQUEST_READS,
                VERSION_WRITES, VERSION_READS, WRITER_LEASE, AUDIT_READS_AND_APPENDS, AUDIT_APPENDS, AUDIT_VERIFICATION,
                BLOCKED_ATTEMPTS, BLOCKED_READS, SOURCE_BINDINGS);
        Map<String, List<Map<String, Object>>> statements =
                ControlPlaneStackTest.statementsByFunction(TestStacks.synth(2).controlPlane);
        List<String> refused = new ArrayList<>();
        for (String function : FunctionNames.ALL) {
            Map<String, Set<String>> granted = AlertIngestInfraTest.tableActions(statements.get(function));
            for (String part : RUNS.get(function)) {
                called.get(part).forEach((table, actions) -> actions.stream()
                        .filter(action -> !granted.getOrDefault(construct(table), Set.of()).contains(action))
                        .forEach(action -> refused.add(function + " (" + part + "): " + action + " on " + table)));
            }
        }
        assertThat(refused).as("operations the stores call that IAM does not grant").isEmpty();
    }

    /** {@code blocked} → {@code TablesBlocked}, the table's construct in the template. */
    private static String construct(String tableRole) {
        return "Tables" + Character.toUpperCase(tableRole.charAt(0)) + tableRole.substring(1);
    }

    /** Fresh tables, and a client that records each call's operation under {@code part}. */
    private Recorded tables(String part) {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("grants"));
        try (DynamoDbClient plain = dynalite.newClient()) {
            TableSchemas.createAll(plain, tables);
        }
        Map<String, Set<String>> byTable = called.computeIfAbsent(part, p -> new ConcurrentHashMap<>());
        // As Dynalite.newClient builds it, plus the recorder.
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new OperationRecorder(tables, byTable)))
                .build();
        synchronized (clients) {
            clients.add(client);
        }
        return new Recorded(client, tables);
    }

    private record Recorded(DynamoDbClient dynamo, TableNames tables) {
    }

    /** Records {@code dynamodb:<Operation>} under the role of the table the request names. */
    private record OperationRecorder(TableNames tables, Map<String, Set<String>> byTable) implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            // A batch names its tables as the keys of RequestItems; the stores' batches read one table.
            String table = context.request().getValueForField("TableName", String.class)
                    .or(() -> context.request().getValueForField("RequestItems", Map.class)
                            .filter(items -> items.size() == 1).map(items -> (String) items.keySet().iterator().next()))
                    .orElse("(no single table)");
            String role = Map.of(tables.requests(), "requests", tables.versions(), "versions", tables.audit(), "audit",
                    tables.blocked(), "blocked").getOrDefault(table, table);
            byTable.computeIfAbsent(role, r -> new TreeSet<>())
                    .add("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    // ---- the stores, whole

    @Nested
    class BlockedAttemptsStore extends BlockedAttemptsContract {
        @Override
        protected BlockedAttempts newStore() {
            Recorded recorded = tables(BLOCKED_ATTEMPTS);
            return new DynamoBlockedAttempts(recorded.dynamo(), recorded.tables().blocked(),
                    Clock.fixed(HOUR.plusSeconds(3 * 3_600), ZoneOffset.UTC));
        }
    }

    @Nested
    class SourceBindingsStore extends SourceBindingsContract {
        @Override
        protected SourceBindings newBindings() {
            Recorded recorded = tables(SOURCE_BINDINGS);
            return new DynamoSourceBindings(recorded.dynamo(), recorded.tables().blocked());
        }
    }

    @Nested
    class RequestStore extends RequestRepositoryContract {
        @Override
        protected RequestRepository newStore() {
            return newStore(Clock.systemUTC());
        }

        @Override
        protected RequestRepository newStore(Clock clock) {
            Recorded recorded = tables(REQUEST_WRITERS);
            return new DynamoRequestStore(recorded.dynamo(), recorded.tables().requests(), clock);
        }
    }

    @Nested
    class SlackMessageRefs extends MessageRefsContract {
        @Override
        protected MessageRefs newRefs() {
            Recorded recorded = tables(REQUEST_WRITERS);
            return new DynamoMessageRefs(recorded.dynamo(), recorded.tables().requests(), Clock.fixed(NOW, ZoneOffset.UTC));
        }
    }

    @Nested
    class VersionLogStore extends VersionLogContract {
        @Override
        protected VersionLog newLog() {
            Recorded recorded = tables(VERSION_WRITES);
            return new DynamoVersionLog(recorded.dynamo(), recorded.tables().versions(), "allowlist");
        }
    }

    @Nested
    class WriterLeaseItem extends WriterLeaseContract {
        @Override
        protected WriterLease newLease() {
            Recorded recorded = tables(WRITER_LEASE);
            return new DynamoWriterLease(recorded.dynamo(), recorded.tables().versions(), "allowlist");
        }
    }

    @Nested
    class AuditTrailStore extends AuditTrailContract {
        @Override
        protected AuditTrail newTrail() {
            Recorded recorded = tables(AUDIT_READS_AND_APPENDS);
            return new DynamoAuditTrail(recorded.dynamo(), recorded.tables().audit());
        }
    }

    // ---- the parts run by functions that only read or only append

    @Nested
    class ReadsAndAppends {

        @Test
        void requestReads() {
            Recorded recorded = tables(REQUEST_READS);
            DynamoRequestStore requests = new DynamoRequestStore(recorded.dynamo(), recorded.tables().requests());
            RequestId id = new RequestId("01TEST0000000000000000G00A");
            assertThat(requests.find(id)).isEmpty();
            assertThat(requests.list(RequestStatus.PENDING, null, 10, null).items()).isEmpty();
            assertThat(requests.listAll("alice", 10, null).items()).isEmpty();
            assertThat(requests.withIntent()).isEmpty();
            assertThat(requests.activeFor(new FirewallTarget("example.net"))).isEmpty();
            assertThat(new DynamoMessageRefs(recorded.dynamo(), recorded.tables().requests(), Clock.systemUTC())
                    .card(id)).isEmpty();
        }

        @Test
        void versionReads() {
            Recorded recorded = tables(VERSION_READS);
            DynamoVersionLog versions = new DynamoVersionLog(recorded.dynamo(), recorded.tables().versions(), "allowlist");
            assertThat(versions.head()).isEmpty();
            assertThat(versions.lastApplied()).isEmpty();
            assertThat(versions.find(new VersionNumber(1))).isEmpty();
            assertThat(versions.list(null, 10)).isEmpty();
        }

        @Test
        void blockedReads() {
            Recorded recorded = tables(BLOCKED_READS);
            DynamoBlockedAttempts attempts = new DynamoBlockedAttempts(recorded.dynamo(), recorded.tables().blocked(),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(attempts.since(NOW.minusSeconds(86_400))).isEmpty();
            assertThat(attempts.ofSubject("profile#d-abc#alice", NOW.minusSeconds(86_400))).isEmpty();
        }

        @Test
        void auditAppends() {
            Recorded recorded = tables(AUDIT_APPENDS);
            DynamoAuditTrail audit = new DynamoAuditTrail(recorded.dynamo(), recorded.tables().audit());
            assertThat(audit.record(new AuditEvent("01TEST0000000000000000G00B:GUARD", NOW, "studio-guard", "TEST",
                    Channel.SLACK, null, null, null, Map.of()))).isTrue();
            assertThat(audit.record(new AuditEvent("01TEST0000000000000000G00B:GUARD", NOW, "studio-guard", "TEST",
                    Channel.SLACK, null, null, null, Map.of()))).isFalse();
        }

        @Test
        void auditChainVerification() {
            Recorded recorded = tables(AUDIT_VERIFICATION);
            try (DynamoDbClient plain = dynalite.newClient()) {
                new DynamoAuditTrail(plain, recorded.tables().audit()).record(new AuditEvent("verified", NOW,
                        "system:test", "TEST", Channel.SYSTEM, null, null, null, Map.of()));
            }
            AuditVerification verification = new AuditVerification(
                    new DynamoAuditChain(recorded.dynamo(), recorded.tables().audit()));
            assertThat(verification.verify(0, 10).checked()).isEqualTo(1);
        }
    }
}
