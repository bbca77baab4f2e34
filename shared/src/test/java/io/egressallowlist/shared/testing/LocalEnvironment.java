package io.egressallowlist.shared.testing;

import io.egressallowlist.shared.store.TableNames;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of a function's environment (ControlPlaneConfig's variables) that every test sets the same way:
 * region, the three tables, the event bus, and the endpoints of dynalite and the emulator server. A test adds
 * what its function needs besides (rule group, policy, Slack, Studio domains) to the map it gets back.
 */
public final class LocalEnvironment {

    private LocalEnvironment() {
    }

    /** A new, modifiable map. */
    public static Map<String, String> of(TableNames tables, String eventBus, URI dynamo, URI aws) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("REQUESTS_TABLE", tables.requests());
        env.put("VERSIONS_TABLE", tables.versions());
        env.put("AUDIT_TABLE", tables.audit());
        env.put("EVENT_BUS_NAME", eventBus);
        env.put("ENDPOINT_DYNAMODB", dynamo.toString());
        env.put("ENDPOINT_AWS", aws.toString());
        return env;
    }
}
