package io.egressallowlist.shared.events;

import java.util.List;

/** The six functions (ARCHITECTURE §3), by the logical names the CDK stack and the sandbox share. */
public final class FunctionNames {

    public static final String REQUEST_API = "request-api";
    public static final String SLACK_INTERACTIONS = "slack-interactions";
    public static final String FIREWALL_SYNC = "firewall-sync";
    public static final String STALE_CLEANUP = "stale-cleanup";
    public static final String STUDIO_GUARD = "studio-guard";
    /** Ingests the firewall's alert log (blocked attempts) and sends the digests of them. */
    public static final String ALERT_INGEST = "alert-ingest";

    public static final List<String> ALL = List.of(REQUEST_API, SLACK_INTERACTIONS, FIREWALL_SYNC, STALE_CLEANUP,
            STUDIO_GUARD, ALERT_INGEST);

    private FunctionNames() {
    }
}
