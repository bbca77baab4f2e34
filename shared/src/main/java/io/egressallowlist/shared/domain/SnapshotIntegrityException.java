package io.egressallowlist.shared.domain;

/**
 * A stored version whose snapshot no longer hashes to the SHA-256 recorded with it: the list was edited (or
 * damaged) outside the control plane, so it is never used, and whoever asked for it is told so by name.
 */
public final class SnapshotIntegrityException extends IllegalStateException {

    private final transient VersionNumber version;

    public SnapshotIntegrityException(VersionNumber version, String recorded, String actual) {
        super("version " + version + " failed its integrity check: stored sha256 " + recorded
                + ", content hashes to " + actual);
        this.version = version;
    }

    /** The version whose stored snapshot failed the check. */
    public VersionNumber version() {
        return version;
    }
}
