package io.egressallowlist.shared.blocked;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of at most {@code max} entries, kept in access order, that drops the least recently used entry when a new
 * one would exceed it: what a container remembers between invocations without growing with its traffic. Not
 * thread-safe; its owner synchronizes.
 */
final class LeastRecentlyUsed<K, V> extends LinkedHashMap<K, V> {

    private static final long serialVersionUID = 1L;

    private final int max;

    LeastRecentlyUsed(int initialCapacity, int max) {
        super(initialCapacity, 0.75f, true);
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
    }
}
