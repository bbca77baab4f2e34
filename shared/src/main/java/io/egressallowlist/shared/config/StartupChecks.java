package io.egressallowlist.shared.config;

import io.egressallowlist.shared.domain.StudioSubnets;
import io.egressallowlist.shared.guard.DomainIds;

import java.util.List;

/** What {@link ControlPlane.Builder#build()} checks of the configuration before anything is built. */
final class StartupChecks {

    private StartupChecks() {
    }

    /** {@code STUDIO_SUBNETS}, parsed; refused at start, naming the variable, when an entry is malformed. */
    static StudioSubnets studioSubnets(ControlPlaneConfig config) {
        try {
            return StudioSubnets.parse(config.studioSubnets());
        } catch (IllegalArgumentException e) {
            throw new ControlPlaneConfig.ConfigException(List.of(EnvKey.STUDIO_SUBNETS.name() + " " + e.getMessage()));
        }
    }

    static void requireStudioDomainIds(ControlPlaneConfig config) {
        List<String> invalid = config.studioDomainIds().stream().filter(id -> !DomainIds.isValid(id)).toList();
        if (!invalid.isEmpty()) {
            throw new ControlPlaneConfig.ConfigException(List.of(EnvKey.STUDIO_DOMAIN_IDS.name() + " holds ids that"
                    + " are not Studio domain ids (d- followed by lower-case letters and digits): " + invalid));
        }
    }
}
