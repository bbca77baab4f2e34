package io.egressallowlist.emulators.networkfirewall;

import java.util.List;

/**
 * What the firewall did with a {@link Flow}.
 *
 * @param allowed      whether the connections passed
 * @param decidedBy    which rule or default action decided, for people (e.g. {@code studio-egress-allowlist: pass
 *                     .pypi.org}, {@code default action aws:drop_established})
 * @param alertRecords the ALERT log records written, one per blocked connection, each a JSON line as Network
 *                     Firewall writes it (empty when allowed, or when the drop logs no alert)
 */
public record TrafficVerdict(boolean allowed, String decidedBy, List<String> alertRecords) {

    public TrafficVerdict {
        alertRecords = List.copyOf(alertRecords);
    }
}
