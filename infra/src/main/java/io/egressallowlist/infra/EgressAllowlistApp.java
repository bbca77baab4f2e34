package io.egressallowlist.infra;

import io.egressallowlist.infra.config.ContextValues;
import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeSettings;
import io.egressallowlist.infra.config.StudioSettings;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;

/**
 * The CDK app: three environment-agnostic stacks (no account or region lookups), configured through
 * context (cdk.json or {@code -c key=value}), all checked by cdk-nag's AWS Solutions rules.
 */
public final class EgressAllowlistApp {

    private EgressAllowlistApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        ContextValues context = new ContextValues(app.getNode());
        EgressAllowlistStacks.create(app, context.string("stackPrefix", EgressAllowlistStacks.DEFAULT_PREFIX),
                NetworkSettings.from(context), StudioSettings.from(context), ControlPlaneSettings.from(context),
                ScopeSettings.from(context));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }
}
