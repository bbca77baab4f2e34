package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.Approvers;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.testing.memory.InMemoryBlockedAttempts;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The lines of blocked attempts per scope: a host blocked in one scope and learnt in another are separate lines. */
class BlockedLinesByScopeTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:15:00Z");
    private static final SlackUserId APPROVER = new SlackUserId("U0APPROVER1");
    private static final Attribution ALICE = new Attribution.UserProfile("d-risk00000001", "alice",
            Attribution.Evidence.INTERFACE_TAGS);
    private static final Attribution BOB = new Attribution.UserProfile("d-research0001", "bob",
            Attribution.Evidence.INTERFACE_TAGS);

    private final InMemoryBlockedAttempts store = new InMemoryBlockedAttempts();
    private final BlockedQueries queries = new BlockedQueries(store, new InMemoryVersionLog(),
            new InMemoryRequestStore(Clock.fixed(T0, ZoneOffset.UTC)), new Approvers(Set.of(APPROVER), Set.of()),
            Optional.empty());
    private int tokens;

    @Test
    void eachScopeAndLearningOrNotIsItsOwnLine() {
        add(ALICE, "a.hf.co", 3, Optional.of(ScopeName.of("risk")), false);
        add(ALICE, "a.hf.co", 1, Optional.of(ScopeName.of("risk")), false);
        add(BOB, "a.hf.co", 5, Optional.of(ScopeName.of("research")), true);
        add(BOB, "a.hf.co", 2, Optional.empty(), false);

        List<BlockedDomain> lines = everyone();

        assertThat(lines).extracting(line -> line.scope().map(ScopeName::value).orElse("?") + " learning="
                        + line.learning() + " count=" + line.count())
                .containsExactlyInAnyOrder("risk learning=false count=4", "research learning=true count=5",
                        "? learning=false count=2");
        assertThat(lines).extracting(line -> line.suggestion().map(DomainName::target).orElse(""))
                .as("one host in three lines is still one host: no wildcard").containsOnly("a.hf.co");
    }

    @Test
    void aPersonsOwnLinesCarryTheirScopeToo() {
        add(ALICE, "b.example.org", 1, Optional.of(ScopeName.of("risk")), true);

        assertThat(queries.mine((Attribution.UserProfile) ALICE, T0.minus(Duration.ofHours(1))))
                .singleElement().satisfies(line -> {
                    assertThat(line.scope()).contains(ScopeName.of("risk"));
                    assertThat(line.learning()).isTrue();
                });
    }

    private List<BlockedDomain> everyone() {
        return queries.all(new Requester("slack:" + APPROVER.value(), APPROVER.value(), null), T0.minus(Duration.ofHours(1)))
                .match(new BlockedQueries.AllView.Cases<>(all -> all.lines(), refused -> List.of()));
    }

    private void add(Attribution who, String host, long count, Optional<ScopeName> scope, boolean learning) {
        BlockedAttempt attempt = new BlockedAttempt(who, new SourceAddress("10.20.1.23"), BlockedHost.of(host).orElseThrow(),
                "TLS", count, T0, T0.plusSeconds(30), scope, learning);
        assertThat(store.add(new BlockedAttempts.Contribution(attempt, T0.truncatedTo(ChronoUnit.HOURS), "t" + ++tokens,
                T0.plus(Duration.ofDays(30))))).isTrue();
    }
}
