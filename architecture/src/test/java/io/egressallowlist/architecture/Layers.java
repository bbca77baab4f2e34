package io.egressallowlist.architecture;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The packages of {@code shared} and the functions, by layer (README "Where a change goes"). Dependencies
 * point inward: functions → composition root and use cases → contracts → domain; adapters implement the
 * ports that the domain and the contracts own, and only the composition root knows them.
 */
final class Layers {

    static final String FUNCTIONS = "io.egressallowlist.functions..";

    /** The pure model and the persistence and firewall ports: the JDK and Guava only. */
    static final String DOMAIN = "io.egressallowlist.shared.domain..";

    /** What use cases talk through besides the domain: event contracts, notification ports, logging. */
    static final String[] CONTRACTS = {
            "io.egressallowlist.shared.events..",
            "io.egressallowlist.shared.notify..",
            "io.egressallowlist.shared.logging..",
    };

    /** The control plane's operations, written against ports only. */
    static final String[] USE_CASES = {
            "io.egressallowlist.shared.requests..",
            "io.egressallowlist.shared.approvals..",
            "io.egressallowlist.shared.api..",
            "io.egressallowlist.shared.reconcile..",
            "io.egressallowlist.shared.cleanup..",
            "io.egressallowlist.shared.guard..",
            "io.egressallowlist.shared.blocked..",
    };

    /** One package per outside system. */
    static final String[] ADAPTERS = {
            "io.egressallowlist.shared.store..",
            "io.egressallowlist.shared.firewall..",
            "io.egressallowlist.shared.studio..",
            "io.egressallowlist.shared.slack..",
            "io.egressallowlist.shared.eventbridge..",
            "io.egressallowlist.shared.ec2..",
    };

    /** The one place that builds clients, adapters and use cases, and owns the environment contract. */
    static final String ROOT = "io.egressallowlist.shared.config..";

    /** Types every layer may use: the JDK and the Java language's own annotations. */
    static final String JDK = "java..";

    private Layers() {
    }

    static String[] of(Object... parts) {
        return Arrays.stream(parts)
                .flatMap(part -> part instanceof String[] many ? Arrays.stream(many) : Stream.of((String) part))
                .toArray(String[]::new);
    }
}
