package io.egressallowlist.shared.testing;

import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.store.TableNames;

import java.net.URI;

/**
 * The part of a function's environment that every test sets the same way: region, the three tables, the event
 * bus, and the endpoints of dynalite and the emulator server. A test adds what its function needs besides (rule
 * group, policy, Slack, Studio domains) through the typed setters of the environment it gets back.
 */
public final class LocalEnvironment {

    /** The smallest valid approval policy: one approver, who is never the requester. */
    public static final String ONE_APPROVER_POLICY = """
            default-duration = P30D
            max-duration = P90D
            quorum = 1
            approvers = U0APPROVER1
            """;

    private LocalEnvironment() {
    }

    /** A new, modifiable environment. */
    public static ControlPlaneEnvironment of(TableNames tables, String eventBus, URI dynamo, URI aws) {
        return ControlPlaneEnvironment.create().region("us-east-1").tables(tables).eventBus(eventBus)
                .endpoints(dynamo, aws);
    }
}
