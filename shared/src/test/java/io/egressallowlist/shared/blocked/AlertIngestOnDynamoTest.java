package io.egressallowlist.shared.blocked;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AlertRecord;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.StudioSubnets;
import io.egressallowlist.shared.store.DynamoBlockedAttempts;
import io.egressallowlist.shared.store.DynamoSourceBindings;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import io.egressallowlist.shared.testing.memory.InMemoryNetworkInterfaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.egressallowlist.shared.blocked.BlockedFixture.DOMAIN_ID;
import static io.egressallowlist.shared.blocked.BlockedFixture.SUBNET;
import static io.egressallowlist.shared.blocked.BlockedFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Concurrent ingest through the real SDK client on dynalite, with two writes failing in the middle of a delivery:
 * one that never reached the table and one whose answer was lost after the table applied it (as a timed-out call
 * whose request DynamoDB had executed). The delivery fails; its retry counts every flow exactly once.
 */
@ExtendWith(DynaliteExtension.class)
class AlertIngestOnDynamoTest {

    private static final String NOT_SENT = "h7.example.net";
    private static final String ANSWER_LOST = "h13.example.net";

    @Test
    void aDeliveryFailingInTheMiddleOfConcurrentWritesIsCountedExactlyOnceByItsRetry(DynamoDbClient dynamo) {
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("ingest"));
        TableSchemas.createAll(dynamo, tables);
        DynamoBlockedAttempts table = new DynamoBlockedAttempts(dynamo, tables.blocked(), new BlockedFixture.MutableClock(T0));
        BlockedFixture records = new BlockedFixture();
        Attributor attributor = new Attributor(new InMemoryNetworkInterfaces(), new DynamoSourceBindings(dynamo,
                tables.blocked()), StudioSubnets.parse(List.of(SUBNET + "=" + DOMAIN_ID)), records.clock);
        AlertIngest ingest = new AlertIngest(new FailingOnce(table), attributor, Duration.ofDays(30));
        List<AlertRecord> batch = new ArrayList<>();
        for (int source = 1; source <= 4; source++) {
            for (int host = 1; host <= 20; host++) {
                batch.addAll(records.records("10.20.1." + source, "h" + host + ".example.net", 2, T0));
            }
        }
        Collections.shuffle(batch, new Random(3));

        assertThatThrownBy(() -> ingest.ingest(batch)).hasMessageContaining("injected");
        List<BlockedAttempt> afterFailure = table.since(T0.minusSeconds(3_600));
        assertThat(afterFailure).hasSize(79).extracting(BlockedAttempt::count).containsOnly(2L);

        assertThat(ingest.ingest(batch)).isEqualTo(new AlertIngest.Report(160, 80, 1, 79));
        assertThat(ingest.ingest(batch)).isEqualTo(new AlertIngest.Report(160, 80, 0, 80));
        List<BlockedAttempt> attempts = table.since(T0.minusSeconds(3_600));
        assertThat(attempts).hasSize(80).extracting(BlockedAttempt::count).containsOnly(2L);
        assertThat(attempts).extracting(BlockedAttempt::attribution).containsOnly(new Attribution.Unattributed());
    }

    /** The table behind two faults, each once, on source 10.20.1.2: one before the write, one after it. */
    private static final class FailingOnce extends ForwardingBlockedAttempts {
        private final Set<String> failed = Collections.synchronizedSet(new java.util.HashSet<>());

        FailingOnce(BlockedAttempts table) {
            super(table);
        }

        @Override
        public boolean add(Contribution contribution) {
            String host = contribution.attempt().host().shown();
            boolean chosen = contribution.attempt().source().value().equals("10.20.1.2") && failed.add(host);
            if (chosen && host.equals(NOT_SENT)) {
                throw new IllegalStateException("injected: the write did not reach the table");
            }
            boolean added = super.add(contribution);
            if (chosen && host.equals(ANSWER_LOST)) {
                throw new IllegalStateException("injected: the table applied the write, its answer was lost");
            }
            return added;
        }
    }
}
