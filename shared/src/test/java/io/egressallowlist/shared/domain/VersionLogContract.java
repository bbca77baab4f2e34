package io.egressallowlist.shared.domain;

import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link VersionLog} promises, run against the in-memory log and the DynamoDB one. A subclass
 * supplies a fresh, empty log per test.
 */
public abstract class VersionLogContract {

    protected static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final RequestId R1 = new RequestId("01TEST0000000000000000V00A");

    private VersionLog log;

    /** A new, empty log. */
    protected abstract VersionLog newLog();

    protected final VersionLog log() {
        if (log == null) {
            log = newLog();
        }
        return log;
    }

    private static AllowlistVersion version(long number, String... targets) {
        return AllowlistVersion.create(number, number == 1 ? null : number - 1, List.of(targets), VersionCause.baseline(),
                "x", NOW);
    }

    @Test
    void anEmptyLogHasNoHeadAndNothingApplied() {
        assertThat(log().head()).isEmpty();
        assertThat(log().lastApplied()).isEmpty();
        assertThat(log().find(new VersionNumber(1))).isEmpty();
        assertThat(log().list(null, 10)).isEmpty();
    }

    @Test
    void anAppendedVersionReadsBackWithItsHash() {
        AllowlistVersion version = AllowlistVersion.create(1, null, List.of("b.example.com", ".a.example.com"),
                VersionCause.baseline(), "system:reconciler", NOW);

        assertThat(log().append(version)).isTrue();

        AllowlistVersion read = log().find(new VersionNumber(1)).orElseThrow();
        assertThat(read).isEqualTo(version);
        assertThat(read.targets()).containsExactly(".a.example.com", "b.example.com");
        assertThat(read.sha256()).isEqualTo(AllowlistVersion.contentHash(read.targets()));
    }

    @Test
    void aVersionKeepsItsModeInTheVersionAndItsSummary() {
        AllowlistVersion learning = AllowlistVersion.create(1, null, List.of("a.example.com"), VersionCause.baseline(),
                "system:reconciler", NOW, ScopeMode.LEARN);

        assertThat(log().append(learning)).isTrue();

        assertThat(log().find(new VersionNumber(1)).orElseThrow().mode()).isEqualTo(ScopeMode.LEARN);
        assertThat(log().list(null, 10)).extracting(VersionLog.VersionSummary::mode).containsExactly(ScopeMode.LEARN);
        assertThat(AllowlistVersion.create(2, 1L, List.of(), VersionCause.baseline(), "x", NOW).mode())
                .isEqualTo(ScopeMode.ENFORCE);
    }

    @Test
    void everyKindOfCauseReadsBackIdentically() {
        RequestId r2 = new RequestId("01TEST0000000000000000V00B");
        List<AllowlistVersion> versions = List.of(
                AllowlistVersion.create(1, null, List.of("a.example.com"), VersionCause.baseline(), "system:reconciler", NOW),
                AllowlistVersion.create(2, 1L, List.of("a.example.com", "b.example.com"),
                        new VersionCause(VersionCause.Type.REQUESTS, List.of(R1, r2), null, null), "slack:U1", NOW),
                AllowlistVersion.create(3, 2L, List.of("a.example.com"),
                        new VersionCause(VersionCause.Type.ROLLBACK, List.of(r2), new VersionNumber(1), null), "slack:U2", NOW),
                AllowlistVersion.create(4, 3L, List.of(), VersionCause.drift("removed [a.example.com]"),
                        "system:reconciler", NOW).markedApplied(NOW.plusSeconds(3)));

        versions.forEach(version -> assertThat(log().append(version)).isTrue());

        for (AllowlistVersion version : versions) {
            assertThat(log().find(version.versionNumber())).contains(version);
        }
        assertThat(log().list(null, 10)).containsExactly(VersionSummary.of(versions.get(3)),
                VersionSummary.of(versions.get(2)), VersionSummary.of(versions.get(1)), VersionSummary.of(versions.get(0)));
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        Instant precise = NOW.plusNanos(987_654_321);
        log().append(AllowlistVersion.create(1, null, List.of("a.example.com"), VersionCause.baseline(), "x", precise));

        log().markApplied(new VersionNumber(1), precise.plusSeconds(1));

        AllowlistVersion read = log().head().orElseThrow();
        assertThat(read.createdAt()).isEqualTo(NOW.plusMillis(987));
        assertThat(read.appliedAt()).isEqualTo(NOW.plusMillis(1_987));
    }

    @Test
    void aVersionNumberIsWrittenOnlyOnce() {
        log().append(AllowlistVersion.create(1, null, List.of("a.example.com"), VersionCause.baseline(), "x", NOW));

        boolean second = log().append(AllowlistVersion.create(1, null, List.of("evil.example.com"), VersionCause.baseline(), "y", NOW));

        assertThat(second).isFalse();
        assertThat(log().find(new VersionNumber(1)).orElseThrow().targets()).containsExactly("a.example.com");
    }

    @Test
    void headAndLastAppliedFollowApplyStatus() {
        log().append(AllowlistVersion.create(1, null, List.of("a.example.com"), VersionCause.baseline(), "x", NOW).markedApplied(NOW));
        log().append(AllowlistVersion.create(2, 1L, List.of("a.example.com", "b.example.com"),
                new VersionCause(VersionCause.Type.REQUESTS, List.of(R1), null, null), "U1", NOW));

        assertThat(log().head().orElseThrow().number()).isEqualTo(2);
        assertThat(log().lastApplied().orElseThrow().number()).isEqualTo(1);
        assertThat(log().lastApplied().orElseThrow().targets()).as("read whole, past the pending head")
                .containsExactly("a.example.com");

        assertThat(log().markApplied(new VersionNumber(2), NOW.plusSeconds(5))).isTrue();
        assertThat(log().markApplied(new VersionNumber(2), NOW.plusSeconds(6))).as("applied once").isFalse();
        assertThat(log().markSuperseded(new VersionNumber(2))).as("an applied version is never superseded").isFalse();
        AllowlistVersion applied = log().lastApplied().orElseThrow();
        assertThat(applied.number()).isEqualTo(2);
        assertThat(applied.appliedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(applied.cause().requestIds()).containsExactly(R1);
    }

    @Test
    void aSupersededVersionIsNeverApplied() {
        log().append(version(1, "a.example.com").markedApplied(NOW));
        log().append(version(2, "a.example.com", "b.example.com"));

        assertThat(log().markSuperseded(new VersionNumber(2))).isTrue();
        assertThat(log().markSuperseded(new VersionNumber(2))).as("superseded once").isFalse();
        assertThat(log().markApplied(new VersionNumber(2), NOW)).isFalse();

        AllowlistVersion superseded = log().head().orElseThrow();
        assertThat(superseded.applyStatus()).isEqualTo(ApplyStatus.SUPERSEDED);
        assertThat(superseded.appliedAt()).isNull();
        assertThat(log().lastApplied().orElseThrow().number()).isEqualTo(1);
    }

    @Test
    void versionsThatDoNotExistAreNeitherAppliedNorSuperseded() {
        assertThat(log().markApplied(new VersionNumber(7), NOW)).isFalse();
        assertThat(log().markSuperseded(new VersionNumber(7))).isFalse();
        assertThat(log().head()).isEmpty();
    }

    @Test
    void theLastAppliedVersionIsFoundBelowManyUnappliedOnes() {
        log().append(version(1, "a.example.com").markedApplied(NOW));
        log().append(version(2, "b.example.com").markedApplied(NOW.plusSeconds(1)));
        for (int n = 3; n <= 27; n++) {
            log().append(version(n, "v" + n + ".example.com"));
            if (n % 2 == 0) {
                log().markSuperseded(new VersionNumber(n));
            }
        }

        AllowlistVersion lastApplied = log().lastApplied().orElseThrow();

        assertThat(lastApplied.number()).isEqualTo(2);
        assertThat(lastApplied.targets()).containsExactly("b.example.com");
        assertThat(lastApplied.appliedAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void summariesArePagedNewestFirstWithoutTargets() {
        for (int i = 1; i <= 5; i++) {
            log().append(AllowlistVersion.create(i, i == 1 ? null : (long) i - 1, List.of("v" + i + ".example.com"),
                    VersionCause.baseline(), "x", NOW));
        }

        List<VersionSummary> first = log().list(null, 2);
        List<VersionSummary> next = log().list(first.get(first.size() - 1).versionNumber(), 10);

        assertThat(first).extracting(VersionSummary::number).containsExactly(5L, 4L);
        assertThat(next).extracting(VersionSummary::number).containsExactly(3L, 2L, 1L);
        assertThat(next.get(0).targetCount()).isEqualTo(1);
        assertThat(next.get(0).applyStatus()).isEqualTo(ApplyStatus.PENDING);
    }

    @Test
    void summaryPagesHoldOneToAHundredVersions() {
        assertThatThrownBy(() -> log().list(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log().list(null, 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..100");
        assertThat(log().list(new VersionNumber(1), 100)).isEmpty();
    }
}
