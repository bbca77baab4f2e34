package io.egressallowlist.emulators.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Service-specific switches reachable over HTTP as {@code POST /_emulator/<name>/<action>} with a JSON body,
 * so that tools outside the JVM (the sandbox, a shell) can drive them too. An emulator declares its actions
 * through {@link AwsJsonProtocolService}.
 */
public final class EmulatorAdmin {

    private final String name;
    private final Map<String, Function<ObjectNode, JsonNode>> actions = new ConcurrentHashMap<>();

    EmulatorAdmin(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The switches of a service that does not extend {@link AwsJsonProtocolService} (a Query-protocol service);
     * it declares its actions with {@link #declare} while it is built.
     */
    public static EmulatorAdmin named(String name) {
        return new EmulatorAdmin(name);
    }

    /** Declares one action; called while the owning service is built, never afterwards. */
    public void declare(String action, Function<ObjectNode, JsonNode> run) {
        add(action, run);
    }

    /** The path segment after {@code /_emulator/}, e.g. {@code network-firewall}. */
    public String name() {
        return name;
    }

    void add(String action, Function<ObjectNode, JsonNode> run) {
        if (actions.putIfAbsent(action, Objects.requireNonNull(run, "run")) != null) {
            throw new IllegalArgumentException(name + " declares the admin action " + action + " twice");
        }
    }

    /**
     * Performs one admin action. Throws {@link IllegalArgumentException} for an unknown action or a bad body;
     * the server answers that with HTTP 400.
     */
    public JsonNode run(String action, ObjectNode body) {
        Function<ObjectNode, JsonNode> run = actions.get(action);
        if (run == null) {
            throw new IllegalArgumentException("unknown action " + action + " of " + name + "; known: "
                    + String.join(", ", new TreeSet<>(actions.keySet())));
        }
        return run.apply(body);
    }
}
