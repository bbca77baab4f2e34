package io.egressallowlist.shared.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link SourceBindings} promises: bindings are found by address within a time window, oldest first. */
public abstract class SourceBindingsContract {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final SourceAddress ADDRESS = new SourceAddress("10.20.1.23");

    protected abstract SourceBindings newBindings();

    @Test
    void bindingsAroundAMomentAreFoundOldestFirstAndOthersAreNot() {
        SourceBindings bindings = newBindings();
        bindings.bind(new SourceBindings.Binding(ADDRESS, "d-abc123", "bob", T.plusSeconds(600)), T.plusSeconds(86_400));
        bindings.bind(new SourceBindings.Binding(ADDRESS, "d-abc123", "alice", T.minusSeconds(600)), T.plusSeconds(86_400));
        bindings.bind(new SourceBindings.Binding(ADDRESS, "d-abc123", "carol", T.minusSeconds(7_200)), T.plusSeconds(86_400));
        bindings.bind(new SourceBindings.Binding(new SourceAddress("10.20.1.24"), "d-abc123", "dave", T), T.plusSeconds(86_400));

        assertThat(bindings.around(ADDRESS, T, Duration.ofHours(1)))
                .extracting(SourceBindings.Binding::userProfileName).containsExactly("alice", "bob");
        assertThat(bindings.around(ADDRESS, T.plusSeconds(7_200), Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void theSameCallerAtTheSameMomentIsOneBinding() {
        SourceBindings bindings = newBindings();
        SourceBindings.Binding binding = new SourceBindings.Binding(ADDRESS, "d-abc123", "alice", T);
        bindings.bind(binding, T.plusSeconds(60));
        bindings.bind(binding, T.plusSeconds(60));

        assertThat(bindings.around(ADDRESS, T, Duration.ofMinutes(1))).containsExactly(binding);
    }

    @Test
    void bindingsSeenBetweenTwoMomentsIncludeBothEndsToTheMillisecond() {
        SourceBindings bindings = newBindings();
        for (String profile : List.of("before", "from", "inside", "to", "after")) {
            long offset = switch (profile) {
                case "before" -> -1;
                case "from" -> 0;
                case "inside" -> 1_000;
                case "to" -> 2_000;
                default -> 2_001;
            };
            bindings.bind(new SourceBindings.Binding(ADDRESS, "d-abc123", profile, T.plusMillis(offset)),
                    T.plusSeconds(86_400));
        }

        assertThat(bindings.seenBetween(ADDRESS, T, T.plusMillis(2_000)))
                .extracting(SourceBindings.Binding::userProfileName).containsExactly("from", "inside", "to");
        assertThat(bindings.seenBetween(new SourceAddress("10.20.1.24"), T, T.plusMillis(2_000))).isEmpty();
    }
}
