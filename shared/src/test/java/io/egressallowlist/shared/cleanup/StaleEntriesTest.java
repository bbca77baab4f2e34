package io.egressallowlist.shared.cleanup;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StaleEntriesTest {

    private static final Instant SINCE = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant RECENT = SINCE.plusSeconds(3600);
    private static final Instant OLD = SINCE.minusSeconds(1);

    @ParameterizedTest(name = "{0} seen as {1} -> stale: {2}")
    @CsvSource({
            "example.com,        example.com,          false",
            "example.com,        www.example.com,      true",
            ".example.com,       example.com,          false",
            ".example.com,       a.b.example.com,      false",
            ".example.com,       badexample.com,       true",
            ".example.com,       example.com.evil.io,  true",
            "files.pypi.org,     FILES.PyPI.org.,      false",
            "huggingface.co,     huggingface.co:443,   false",
            ".amazonaws.com,     s3.amazonaws.com,     false",
            "s3.amazonaws.com,   amazonaws.com,        true",
    })
    void anEntryIsUsedOnlyByTrafficItWouldAllow(String target, String seen, boolean stale) {
        List<String> result = StaleEntries.withoutTrafficSince(List.of(target), Map.of(seen, RECENT), SINCE);

        assertThat(result.contains(target)).isEqualTo(stale);
    }

    @ParameterizedTest(name = "last seen {0} -> stale: {1}")
    @CsvSource({"2026-10-01T00:00:00Z, false", "2026-09-30T23:59:59Z, true", "2026-12-01T00:00:00Z, false"})
    void trafficBeforeTheWindowDoesNotCount(String lastSeen, boolean stale) {
        List<String> result = StaleEntries.withoutTrafficSince(List.of("example.com"),
                Map.of("example.com", Instant.parse(lastSeen)), SINCE);

        assertThat(result.isEmpty()).isEqualTo(!stale);
    }

    @org.junit.jupiter.api.Test
    void noTrafficAtAllMakesEveryEntryStaleInTheGivenOrder() {
        assertThat(StaleEntries.withoutTrafficSince(List.of("b.example.com", ".a.example.com"), Map.of("x.io", OLD), SINCE))
                .containsExactly("b.example.com", ".a.example.com");
    }
}
