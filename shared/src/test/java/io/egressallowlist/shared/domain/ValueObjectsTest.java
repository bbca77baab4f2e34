package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueObjectsTest {

    @ParameterizedTest
    @ValueSource(strings = {"U0123ABCD", "W0123ABCD", "U012345678AB"})
    void slackUserIdAcceptsUserAndEnterpriseIds(String id) {
        assertThat(new SlackUserId(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "u0123abcd", "U0123", "S0123ABCD", "<@U0123ABCD>", "U0123ABCD\n", "U0123-ABCD"})
    void slackUserIdRefusesAnythingElse(String id) {
        assertThatThrownBy(() -> new SlackUserId(id)).hasMessageContaining("is not a Slack user id");
    }

    @Test
    void requestIdsSortByCreationTimeAndCarryIt() {
        Instant first = Instant.parse("2026-01-01T00:00:00.001Z");
        SplittableRandom random = new SplittableRandom(42);
        RequestId earlier = RequestId.generate(Clock.fixed(first, ZoneOffset.UTC), random);
        RequestId later = RequestId.generate(Clock.fixed(first.plusMillis(1), ZoneOffset.UTC), random);

        assertThat(earlier).isLessThan(later);
        assertThat(earlier.timestamp()).isEqualTo(first);
        assertThat(earlier.value()).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]+");
    }

    @Test
    void requestIdGenerationIsDeterministicForAFixedClockAndSeed() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(RequestId.generate(clock, new SplittableRandom(7)))
                .isEqualTo(RequestId.generate(clock, new SplittableRandom(7)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "01JD8X3Q4T5V6W7X8Y9Z0ABCD", "01JD8X3Q4T5V6W7X8Y9Z0ABCDI", "81JD8X3Q4T5V6W7X8Y9Z0ABCDE"})
    void requestIdRefusesMalformedValues(String id) {
        assertThatThrownBy(() -> new RequestId(id)).hasMessageContaining("is not a request id");
    }

    @Test
    void versionNumbersStartAtZeroAndOnlyGrow() {
        assertThat(VersionNumber.INITIAL.next()).isEqualTo(new VersionNumber(1));
        assertThatThrownBy(() -> new VersionNumber(-1)).hasMessageContaining("cannot be negative");
    }
}
