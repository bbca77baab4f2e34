package io.egressallowlist.shared.blocked;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LeastRecentlyUsedTest {

    @Test
    void aNewEntryBeyondTheMaximumDropsTheLeastRecentlyUsedOne() {
        Map<String, Integer> map = new LeastRecentlyUsed<>(4, 2);
        map.put("a", 1);
        map.put("b", 2);
        map.get("a");
        map.put("c", 3);

        assertThat(map).containsOnlyKeys("a", "c");
    }
}
