package io.egressallowlist.shared.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The parts of a composition root, one of each type, built the first time they are asked for. A root is built
 * once per container; its parts are built lazily so a function builds only what its handler uses.
 */
final class BuiltOnce {

    private final Map<Class<?>, Object> built = new HashMap<>();

    /** The part of type {@code type}, built by {@code build} the first time it is asked for. */
    synchronized <T> T once(Class<T> type, Supplier<? extends T> build) {
        Object part = built.get(type);
        if (part == null) {
            part = Objects.requireNonNull(build.get(), type.getSimpleName());
            built.put(type, part);
        }
        return type.cast(part);
    }
}
