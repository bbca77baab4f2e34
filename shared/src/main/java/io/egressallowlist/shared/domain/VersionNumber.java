package io.egressallowlist.shared.domain;

/** The number of a version of the allow-list; the first version is 0, each change adds one. */
public record VersionNumber(long value) implements Comparable<VersionNumber> {

    public static final VersionNumber INITIAL = new VersionNumber(0);

    public VersionNumber {
        if (value < 0) {
            throw new IllegalArgumentException("A version number cannot be negative, was " + value + ".");
        }
    }

    public VersionNumber next() {
        return new VersionNumber(Math.addExact(value, 1));
    }

    @Override
    public int compareTo(VersionNumber other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
