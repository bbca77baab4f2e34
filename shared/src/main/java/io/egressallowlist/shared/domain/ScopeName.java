package io.egressallowlist.shared.domain;

import java.util.regex.Pattern;

/**
 * The name of a scope: one allow-list with its own rule group, approvers and versions. Lower-case letters, digits
 * and hyphens, starting with a letter, at most 30 characters, so that it fits in a rule group name, a DynamoDB key
 * and a Slack card without quoting.
 *
 * <p>{@link #GLOBAL} applies to every workload in addition to its own scope's list; {@link #DEFAULT} is the one
 * list of a deployment that declares no scopes, and the scope of everything stored before scopes existed.
 */
public record ScopeName(String value) implements Comparable<ScopeName> {

    private static final Pattern SYNTAX = Pattern.compile("[a-z][a-z0-9-]{0,29}");

    public static final ScopeName GLOBAL = new ScopeName("global");
    public static final ScopeName DEFAULT = new ScopeName("default");

    public ScopeName {
        Quoting.requireFormat(SYNTAX, value, "is not a scope name: a scope name is 1 to 30 lower-case letters,"
                + " digits or hyphens, starting with a letter (e.g. risk-analytics).");
    }

    public static ScopeName of(String value) {
        return new ScopeName(value);
    }

    /** {@code null} and blank read as {@link #DEFAULT}: items stored before scopes existed carry no scope. */
    public static ScopeName storedOrDefault(String stored) {
        return stored == null || stored.isBlank() ? DEFAULT : new ScopeName(stored);
    }

    public boolean isGlobal() {
        return equals(GLOBAL);
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    @Override
    public int compareTo(ScopeName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
