package io.egressallowlist.shared.reconcile;

/** A run that could not complete. Nothing it did is lost: the next run continues from the log. */
public class ReconcileException extends RuntimeException {
    public ReconcileException(String message) {
        super(message);
    }

    public ReconcileException(String message, Throwable cause) {
        super(message, cause);
    }
}
