package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.domain.Approvers;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.StudioIdentity;
import io.egressallowlist.shared.testing.memory.InMemoryApproverGroups;
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

/**
 * Who sees which blocked attempts, on the in-memory twins: a person only their own, whatever evidence attributed
 * them; everyone's, per host with the number of distinct people, only an approver named in the policy or a member
 * of an approver group; anyone else is refused and given no attempt.
 */
class BlockedQueriesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:15:00Z");
    private static final Instant SINCE = T0.minus(Duration.ofHours(24));
    private static final String DOMAIN = "d-abc123";
    private static final Attribution ALICE = new Attribution.UserProfile(DOMAIN, "alice", Attribution.Evidence.INTERFACE_TAGS);
    private static final Attribution ALICE_AS_CALLER = new Attribution.UserProfile(DOMAIN, "alice",
            Attribution.Evidence.API_CALLER_SOURCE);
    private static final Attribution BOB = new Attribution.UserProfile(DOMAIN, "bob", Attribution.Evidence.INTERFACE_TAGS);
    private static final Attribution CAROL = new Attribution.UserProfile("d-other999", "carol",
            Attribution.Evidence.INTERFACE_TAGS);
    private static final SlackUserId APPROVER = new SlackUserId("U0APPROVER1");
    private static final SlackUserId GROUP_MEMBER = new SlackUserId("U0GROUPMEMBER");
    private static final SlackUserId SOMEONE = new SlackUserId("U0SOMEONE01");
    private static final SlackUserGroupId APPROVER_GROUP = new SlackUserGroupId("S0APPROVERS");

    private final InMemoryBlockedAttempts store = new InMemoryBlockedAttempts();
    private final InMemoryApproverGroups groups = new InMemoryApproverGroups().group(APPROVER_GROUP, GROUP_MEMBER);
    private final BlockedQueries queries = new BlockedQueries(store, new InMemoryVersionLog(),
            new InMemoryRequestStore(Clock.fixed(T0, ZoneOffset.UTC)),
            new Approvers(Set.of(APPROVER), Set.of(APPROVER_GROUP)), Optional.of(groups));
    private int tokens;

    BlockedQueriesTest() {
        add(ALICE, "10.20.1.23", "cdn-lfs.hf.co", 3, T0);
        add(ALICE_AS_CALLER, "10.20.1.23", "cdn-lfs.hf.co", 2, T0.plus(Duration.ofHours(1)));
        add(ALICE, "10.20.1.23", "alice-only.example.org", 1, T0);
        add(BOB, "10.20.1.24", "cdn-lfs.hf.co", 4, T0);
        add(BOB, "10.20.1.24", "bob-only.example.net", 7, T0);
        add(CAROL, "10.30.1.5", "cdn-lfs.hf.co", 1, T0);
        add(new Attribution.Unattributed(), "10.20.9.9", "cdn-lfs.hf.co", 5, T0);
        add(new Attribution.StudioDomain(DOMAIN, Attribution.Evidence.INTERFACE_SUBNET), "10.20.9.10", "bob-only.example.net", 1,
                T0);
    }

    private void add(Attribution who, String source, String host, long count, Instant at) {
        BlockedAttempt attempt = new BlockedAttempt(who, new SourceAddress(source), BlockedHost.of(host).orElseThrow(),
                "TLS", count, at, at.plusSeconds(30));
        assertThat(store.add(new BlockedAttempts.Contribution(attempt, at.truncatedTo(ChronoUnit.HOURS), "t" + ++tokens,
                at.plus(Duration.ofDays(30))))).isTrue();
    }

    // ---- scope=all

    @Test
    void anApproverNamedInThePolicySeesEveryAttemptPerHostWithTheNumberOfDistinctPeople() {
        List<BlockedDomain> lines = everyone(new Requester("arn:aws:iam::123456789012:user/approver", APPROVER.value(),
                null));

        assertThat(lines).extracting(line -> line.host().shown())
                .containsExactlyInAnyOrder("cdn-lfs.hf.co", "alice-only.example.org", "bob-only.example.net");
        BlockedDomain shared = line(lines, "cdn-lfs.hf.co");
        // Alice (twice, by two kinds of evidence), Bob and Carol; the unattributed source is no person.
        assertThat(shared.people()).isEqualTo(3);
        assertThat(shared.count()).isEqualTo(3 + 2 + 4 + 1 + 5);
        assertThat(line(lines, "bob-only.example.net").people()).isEqualTo(1);
        assertThat(line(lines, "bob-only.example.net").count()).isEqualTo(8);
        assertThat(line(lines, "alice-only.example.org").people()).isEqualTo(1);
    }

    @Test
    void aMemberOfAnApproverGroupSeesEveryAttempt() {
        assertThat(everyone(new Requester("slack:" + GROUP_MEMBER.value(), GROUP_MEMBER.value(), null)))
                .extracting(line -> line.host().shown()).hasSize(3);
    }

    @Test
    void someoneWhoIsNoApproverIsRefusedAndGivenNoAttempt() {
        assertThat(refusal(new Requester("slack:" + SOMEONE.value(), SOMEONE.value(), "alice")))
                .contains("only approvers");
    }

    @Test
    void aCallerLinkedToNoSlackUserIsRefusedAndToldWhy() {
        assertThat(refusal(new Requester("arn:aws:sts::123456789012:assumed-role/StudioExec/alice", null, "alice")))
                .contains(EnvKey.IDENTITY_LINKS.name());
    }

    @Test
    void whenApproverGroupsCannotBeReadOnlyTheApproversNamedInThePolicySeeEveryone() {
        groups.nextReadFails("ratelimited");

        assertThat(refusal(new Requester("slack:" + GROUP_MEMBER.value(), GROUP_MEMBER.value(), null)))
                .contains("cannot be read now");
        assertThat(everyone(new Requester("slack:" + APPROVER.value(), APPROVER.value(), null))).hasSize(3);
    }

    // ---- mine

    @Test
    void twoPeopleNeverSeeEachOthersAttempts() {
        List<BlockedDomain> alice = queries.mine(profile("alice"), SINCE);
        List<BlockedDomain> bob = queries.mine(profile("bob"), SINCE);

        assertThat(alice).extracting(line -> line.host().shown())
                .containsExactlyInAnyOrder("cdn-lfs.hf.co", "alice-only.example.org");
        assertThat(bob).extracting(line -> line.host().shown())
                .containsExactlyInAnyOrder("cdn-lfs.hf.co", "bob-only.example.net");
        // The host both were refused counts each person's own flows only.
        assertThat(line(alice, "cdn-lfs.hf.co").count()).isEqualTo(5);
        assertThat(line(bob, "cdn-lfs.hf.co").count()).isEqualTo(4);
        assertThat(alice).allSatisfy(line -> assertThat(line.people()).isEqualTo(1));
    }

    @Test
    void theSameProfileNameInAnotherStudioDomainIsAnotherPerson() {
        assertThat(queries.mine(new StudioIdentity.Profile("d-other999", "alice", "arn:aws:iam::123456789012:role/x",
                StudioIdentity.RoleSource.USER_PROFILE), SINCE)).isEmpty();
        assertThat(queries.mine(new StudioIdentity.Profile("d-other999", "carol", "arn:aws:iam::123456789012:role/x",
                StudioIdentity.RoleSource.USER_PROFILE), SINCE)).extracting(line -> line.count()).containsExactly(1L);
    }

    @Test
    void theProfilesLinkedToAPersonShowTheirAttemptsInEveryStudioDomainAndNooneElses() {
        List<BlockedDomain> aliceAndCarol = queries.ofProfiles(Set.of("alice", "carol"), SINCE);

        assertThat(aliceAndCarol).extracting(line -> line.host().shown())
                .containsExactlyInAnyOrder("cdn-lfs.hf.co", "alice-only.example.org");
        assertThat(line(aliceAndCarol, "cdn-lfs.hf.co").count()).as("Alice's 5 and Carol's 1, in another domain")
                .isEqualTo(6);
        assertThat(queries.ofProfiles(Set.of(), SINCE)).isEmpty();
        assertThat(queries.ofProfiles(Set.of("arn:aws:iam::123456789012:user/approver"), SINCE)).isEmpty();
        assertThat(queries.ofProfiles(Set.of("alice"), T0.plus(Duration.ofHours(2)))).as("nothing since then").isEmpty();
    }

    @Test
    void aCallerWhoIsNoSingleStudioProfileSeesNothing() {
        assertThat(queries.mine(new StudioIdentity.NotStudio(), SINCE)).isEmpty();
        assertThat(queries.mine(new StudioIdentity.AmbiguousProfile("arn:aws:iam::123456789012:role/shared",
                List.of("alice", "bob")), SINCE)).isEmpty();
        assertThat(queries.mine(new StudioIdentity.Unavailable("throttled"), SINCE)).isEmpty();
    }

    // ---- helpers

    private static StudioIdentity profile(String name) {
        return new StudioIdentity.Profile(DOMAIN, name, "arn:aws:iam::123456789012:role/" + name,
                StudioIdentity.RoleSource.USER_PROFILE);
    }

    private List<BlockedDomain> everyone(Requester viewer) {
        return queries.all(viewer, SINCE).match(new BlockedQueries.AllView.Cases<List<BlockedDomain>>(
                BlockedQueries.AllView.Everyone::lines,
                refused -> { throw new AssertionError("refused: " + refused.reason()); }));
    }

    private String refusal(Requester viewer) {
        return queries.all(viewer, SINCE).match(new BlockedQueries.AllView.Cases<String>(
                everyone -> { throw new AssertionError("an outsider was shown " + everyone.lines().size() + " lines"); },
                BlockedQueries.AllView.NotAnApprover::reason));
    }

    private static BlockedDomain line(List<BlockedDomain> lines, String host) {
        return lines.stream().filter(line -> line.host().shown().equals(host)).findFirst().orElseThrow();
    }
}
