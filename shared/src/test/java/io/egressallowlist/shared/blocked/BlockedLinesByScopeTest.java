package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Approvers;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionNumber;
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
import java.util.Map;
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

    @Test
    void withScopesAnApproverSeesOnlyTheScopesTheyApproveAndPlatformApproversTheUnattributed() {
        add(ALICE, "risk.example.org", 1, Optional.of(ScopeName.of("risk")), false);
        add(BOB, "research.example.org", 1, Optional.of(ScopeName.of("research")), true);
        add(BOB, "nowhere.example.org", 1, Optional.empty(), false);
        BlockedQueries scoped = new BlockedQueries(store, scope -> new InMemoryVersionLog(),
                new InMemoryRequestStore(Clock.fixed(T0, ZoneOffset.UTC)), TWO_TEAMS_AND_GLOBAL, Optional.empty());

        assertThat(hosts(scoped, RISK_APPROVER, Optional.empty())).containsExactly("risk.example.org");
        assertThat(hosts(scoped, RISK_APPROVER, Optional.of(ScopeName.of("risk")))).containsExactly("risk.example.org");
        assertThat(hosts(scoped, PLATFORM_APPROVER, Optional.empty())).containsExactly("nowhere.example.org");
        assertThat(refusal(scoped.all(viewer(RISK_APPROVER), T0.minus(Duration.ofHours(1)),
                Optional.of(ScopeName.of("research"))))).isEqualTo("only approvers of research see its blocked attempts");
        assertThat(refusal(scoped.all(viewer(new SlackUserId("U0NOBODY001")), T0.minus(Duration.ofHours(1)))))
                .isEqualTo("only approvers see everyone's blocked attempts");
    }

    @Test
    void aLineIsAllowedNowByItsOwnScopesListOrGlobalsNeverByAnotherTeams() {
        add(ALICE, "data.example.org", 1, Optional.of(ScopeName.of("risk")), false);
        add(BOB, "data.example.org", 1, Optional.of(ScopeName.of("research")), false);
        add(BOB, "mirror.example.org", 1, Optional.of(ScopeName.of("research")), false);
        Map<ScopeName, InMemoryVersionLog> logs = Map.of(ScopeName.of("risk"), applied("data.example.org"),
                ScopeName.of("research"), applied(), ScopeName.GLOBAL, applied("mirror.example.org"));
        BlockedQueries scoped = new BlockedQueries(store, logs::get,
                new InMemoryRequestStore(Clock.fixed(T0, ZoneOffset.UTC)), TWO_TEAMS_AND_GLOBAL, Optional.empty());

        List<BlockedDomain> risk = scoped.all(viewer(RISK_APPROVER), T0.minus(Duration.ofHours(1)))
                .match(new BlockedQueries.AllView.Cases<List<BlockedDomain>>(all -> all.lines(), refused -> List.of()));
        List<BlockedDomain> research = scoped.all(viewer(new SlackUserId("U0RSRCHAPR1")), T0.minus(Duration.ofHours(1)))
                .match(new BlockedQueries.AllView.Cases<List<BlockedDomain>>(all -> all.lines(), refused -> List.of()));

        assertThat(risk).singleElement().satisfies(line -> assertThat(line.allowedNow()).isTrue());
        assertThat(research).extracting(line -> line.host().shown() + "=" + line.allowedNow())
                .containsExactlyInAnyOrder("data.example.org=false", "mirror.example.org=true");
    }

    private static InMemoryVersionLog applied(String... targets) {
        InMemoryVersionLog log = new InMemoryVersionLog();
        log.append(AllowlistVersion.create(1, null, List.of(targets), VersionCause.baseline(), "system:test", T0));
        log.markApplied(new VersionNumber(1), T0);
        return log;
    }

    private static final SlackUserId RISK_APPROVER = new SlackUserId("U0RISKAPPR1");
    private static final SlackUserId PLATFORM_APPROVER = new SlackUserId("U0PLATFORM1");
    private static final Scopes TWO_TEAMS_AND_GLOBAL = Scopes.of(List.of(
            scope("global", PLATFORM_APPROVER), scope("risk", RISK_APPROVER),
            scope("research", new SlackUserId("U0RSRCHAPR1"))));

    private static Scope scope(String name, SlackUserId approver) {
        Policy policy = new Policy(List.of(), List.of(), Duration.ofDays(1), Duration.ofDays(7),
                new Approvers(Set.of(approver), Set.of()), 1);
        return new Scope(ScopeName.of(name), "arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/" + name,
                0, Set.of(), ScopeMode.ENFORCE, policy);
    }

    private static Requester viewer(SlackUserId user) {
        return new Requester("slack:" + user.value(), user.value(), null);
    }

    private static String refusal(BlockedQueries.AllView view) {
        return view.match(new BlockedQueries.AllView.Cases<String>(all -> "shown " + all.lines(), refused -> refused.reason()));
    }

    private static List<String> hosts(BlockedQueries queries, SlackUserId user, Optional<ScopeName> scope) {
        return queries.all(viewer(user), T0.minus(Duration.ofHours(1)), scope).match(
                new BlockedQueries.AllView.Cases<List<String>>(
                        all -> all.lines().stream().map(line -> line.host().shown()).toList(), refused -> List.of("refused")));
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
