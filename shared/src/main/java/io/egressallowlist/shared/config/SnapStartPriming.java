package io.egressallowlist.shared.config;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's priming before the SnapStart snapshot (aws-api-notes §6): it runs the function's code paths on
 * fixed samples and the SDK's request path up to the HTTP client, which refuses to send ({@link SdkPriming}).
 * No network, no write, no secret or credential read, nothing unique kept, so nothing needs renewing after a
 * restore. The handler keeps the object {@link #register} returns in a field: CRaC's global context does not
 * keep its resources alive by itself.
 */
public final class SnapStartPriming implements Resource {

    private final Runnable priming;

    private SnapStartPriming(Runnable priming) {
        this.priming = priming;
    }

    /** Registers {@code priming} with the global context, to run before each snapshot. */
    public static SnapStartPriming register(Runnable priming) {
        SnapStartPriming resource = new SnapStartPriming(priming);
        Core.getGlobalContext().register(resource);
        return resource;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        priming.run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: priming kept nothing, secrets are read on first use, no connection was opened.
    }
}
