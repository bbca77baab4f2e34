package io.egressallowlist.emulators.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Service-specific switches reachable over HTTP as {@code POST /_emulator/<adminName>/<action>}
 * with a JSON body, so that tools outside the JVM (the sandbox, a shell) can drive them too.
 */
public interface EmulatorAdmin {

    /** The path segment after {@code /_emulator/}, e.g. {@code network-firewall}. */
    String adminName();

    /**
     * Performs one admin action. Throws {@link IllegalArgumentException} for an unknown action or a bad
     * body; the server answers that with HTTP 400.
     */
    JsonNode admin(String action, ObjectNode body);
}
