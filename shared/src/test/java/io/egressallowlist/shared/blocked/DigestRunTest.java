package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.AlertRecord;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings.Binding;
import io.egressallowlist.shared.notify.BlockedDigest;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.egressallowlist.shared.blocked.BlockedFixture.DOMAIN_ID;
import static io.egressallowlist.shared.blocked.BlockedFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

class DigestRunTest {

    private final BlockedFixture fixture = new BlockedFixture();
    private final List<BlockedDigest> sent = new ArrayList<>();
    private boolean slackDown;

    private DigestRun run() {
        return new DigestRun(fixture.store, new InMemoryVersionLog(), new InMemoryRequestStore(fixture.clock), digest -> {
            if (slackDown) {
                throw new IllegalStateException("injected: Slack unavailable");
            }
            sent.add(digest);
        }, Map.of("alice", "U0ALICE001"), Duration.ofHours(1), Duration.ofDays(30), fixture.clock);
    }

    private void aliceBlocked(String host, int count) {
        fixture.bindings.bind(new Binding(new SourceAddress("10.20.1.23"), DOMAIN_ID, "alice", fixture.clock.instant()),
                fixture.clock.instant().plusSeconds(86_400));
        fixture.ingest.ingest(fixture.records("10.20.1.23", host, count, fixture.clock.instant()));
    }

    @Test
    void aPersonGetsAtMostOneAggregatedDigestPerIntervalAndNobodyElsesAttempts() {
        aliceBlocked("cdn-lfs.hf.co", 3);
        aliceBlocked("xethub.hf.co", 2);
        fixture.ingest.ingest(fixture.records("10.99.0.7", "<!channel>", 1, T0));
        fixture.clock.set(T0.plusSeconds(60));

        DigestRun.Report first = run().sendDue();

        assertThat(first).isEqualTo(new DigestRun.Report(2, 2, 0, 0));
        BlockedDigest alice = sent.stream().filter(d -> d.recipient() instanceof BlockedDigest.Person).findFirst()
                .orElseThrow();
        assertThat(alice.lines()).extracting(line -> line.host().shown() + "→" + line.suggestion().orElseThrow())
                .containsExactlyInAnyOrder("cdn-lfs.hf.co→.hf.co", "xethub.hf.co→.hf.co");
        BlockedDigest channel = sent.stream().filter(d -> d.recipient() instanceof BlockedDigest.ApprovalsChannel)
                .findFirst().orElseThrow();
        assertThat(channel.lines()).extracting(line -> line.host().shown()).containsExactly("<!channel>");

        fixture.clock.set(T0.plusSeconds(600));
        aliceBlocked("example.net", 1);
        assertThat(run().sendDue().sent()).as("within the interval").isZero();

        fixture.clock.set(T0.plusSeconds(3_700));
        assertThat(run().sendDue().sent()).isEqualTo(1);
        assertThat(sent.get(sent.size() - 1).lines()).extracting(line -> line.host().shown())
                .containsExactly("example.net");
    }

    @Test
    void aLearningScopesRecordsAreNoRefusalAndGoInNoDigest() {
        fixture.bindings.bind(new Binding(new SourceAddress("10.20.1.23"), DOMAIN_ID, "alice", fixture.clock.instant()),
                fixture.clock.instant().plusSeconds(86_400));
        fixture.ingest.ingest(fixture.records("10.20.1.23", "learnt.example.org", 3, fixture.clock.instant()).stream()
                .map(r -> new AlertRecord(r.logEventId(), r.at(), r.source(), r.host(), r.protocol(), true)).toList());
        fixture.ingest.ingest(fixture.records("10.99.0.7", "learnt-too.example.org", 1, T0).stream()
                .map(r -> new AlertRecord(r.logEventId(), r.at(), r.source(), r.host(), r.protocol(), true)).toList());
        aliceBlocked("blocked.example.org", 1);
        fixture.clock.set(T0.plusSeconds(60));

        DigestRun.Report report = run().sendDue();

        assertThat(report.sent()).isEqualTo(1);
        assertThat(sent).singleElement().satisfies(digest -> assertThat(digest.lines())
                .extracting(line -> line.host().shown()).containsExactly("blocked.example.org"));
        assertThat(fixture.store.since(T0.minusSeconds(60))).filteredOn(a -> a.learning()).hasSize(2);
    }

    @Test
    void twoRunsAtOnceSendADigestOnce() {
        aliceBlocked("example.net", 1);
        DigestRun one = run();
        DigestRun other = run();
        List<DigestRun.Due> dueToOne = one.due(fixture.clock.instant());
        List<DigestRun.Due> dueToOther = other.due(fixture.clock.instant());
        assertThat(dueToOne).hasSize(1);
        assertThat(dueToOther).hasSize(1);

        DigestRun.Report a = one.sendDue();
        DigestRun.Report b = other.sendDue();

        assertThat(a.sent() + b.sent()).isEqualTo(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aDigestThatCouldNotBeSentIsSentByTheNextRun() {
        aliceBlocked("example.net", 1);
        slackDown = true;

        assertThat(run().sendDue()).isEqualTo(new DigestRun.Report(1, 0, 0, 1));

        slackDown = false;
        assertThat(run().sendDue().sent()).isEqualTo(1);
        assertThat(sent).singleElement().satisfies(digest -> assertThat(digest.recipient())
                .isEqualTo(new BlockedDigest.Person(new Attribution.UserProfile(DOMAIN_ID, "alice",
                        Attribution.Evidence.API_CALLER_SOURCE), new io.egressallowlist.shared.domain.SlackUserId("U0ALICE001"))));
    }
}
