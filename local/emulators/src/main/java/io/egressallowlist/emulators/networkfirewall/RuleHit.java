package io.egressallowlist.emulators.networkfirewall;

/**
 * A stateful rule (or default action) that matched a flow, as its alert record names it.
 *
 * @param action    what the rule does with the flow
 * @param source    the rule group's name, or the default action, for people
 * @param signature the rule's {@code msg}, the alert's {@code signature}
 * @param severity  the alert's {@code severity}: Suricata takes it from the rule's {@code priority}
 * @param logged    whether the hit writes an alert record: rules that drop, reject or alert do ("Logging network
 *                  traffic from AWS Network Firewall"); a default drop does only with an alert default action
 */
record RuleHit(Action action, String source, int signatureId, String signature, int severity, boolean logged) {

    /** A rule's hit: logged unless it passes. */
    static RuleHit rule(Action action, String group, int signatureId, String signature) {
        return new RuleHit(action, group, signatureId, signature, 1, action != Action.PASS);
    }

    /** The stateful actions of a domain list (aws-api-notes §1.4) and of the default actions. */
    enum Action {
        PASS, DROP, REJECT, ALERT;

        boolean blocks() {
            return this == DROP || this == REJECT;
        }

        boolean decides() {
            return this != ALERT;
        }
    }

    String describe() {
        return source + ": " + action.name().toLowerCase() + " (" + signature + ")";
    }
}
