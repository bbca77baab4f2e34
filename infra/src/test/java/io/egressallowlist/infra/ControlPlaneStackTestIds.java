package io.egressallowlist.infra;

/** Construct-id prefixes of the control-plane stack, as they appear in logical ids. */
final class ControlPlaneStackTestIds {

    private ControlPlaneStackTestIds() {
    }

    /** {@code firewall-sync} → {@code FirewallSyncFunction}. */
    static String function(String name) {
        StringBuilder id = new StringBuilder();
        for (String part : name.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id + "Function";
    }
}
