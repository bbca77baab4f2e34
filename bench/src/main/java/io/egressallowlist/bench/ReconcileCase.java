package io.egressallowlist.bench;

/**
 * One row of a reconcile benchmark: a rule group of {@code shape} holding {@code targetsBefore} targets,
 * one approval, and what the run must do with it.
 */
record ReconcileCase(String label, RuleGroupShape shape, int targetsBefore, ReconcileTrial.Expect expect) {

    ReconcileCase {
        boolean fits = shape.fits(targetsBefore + 1);
        if (fits != (expect == ReconcileTrial.Expect.APPLIED)) {
            throw new IllegalArgumentException(label + ": " + (targetsBefore + 1) + " targets " + (fits ? "fit" : "do not fit")
                    + " a rule group of " + shape.describe() + ", so the run cannot be expected to be " + expect);
        }
    }

    /** Picks the deployed shape (both target types) when it holds the result, TLS only otherwise. */
    static ReconcileCase growingTo(int targetsBefore) {
        RuleGroupShape shape = RuleGroupShape.BOTH_TYPES.fits(targetsBefore + 1)
                ? RuleGroupShape.BOTH_TYPES : RuleGroupShape.TLS_ONLY;
        return new ReconcileCase(String.format("%,d \u2192 %,d", targetsBefore, targetsBefore + 1), shape,
                targetsBefore, ReconcileTrial.Expect.APPLIED);
    }

    String targets() {
        return String.format("%,d \u2192 %,d", targetsBefore, targetsBefore + 1);
    }
}
