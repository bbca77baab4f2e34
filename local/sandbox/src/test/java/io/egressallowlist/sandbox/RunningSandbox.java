package io.egressallowlist.sandbox;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One whole sandbox for a test class: started on free ports before its first test, handed to the class, and
 * stopped (ports freed) after its last test, also when starting failed half-way.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);
 * }</pre>
 */
final class RunningSandbox implements BeforeAllCallback, AfterAllCallback {

    private final LocalControlPlane.Options options;
    private final Consumer<EndToEnd> onStart;
    private EndToEnd running;

    private RunningSandbox(LocalControlPlane.Options options, Consumer<EndToEnd> onStart) {
        this.options = options;
        this.onStart = onStart;
    }

    /** The sandbox as the tests run it ({@link LocalControlPlane.Options#forTests()}). */
    static RunningSandbox forTests(Consumer<EndToEnd> onStart) {
        return with(LocalControlPlane.Options.forTests(), onStart);
    }

    static RunningSandbox with(LocalControlPlane.Options options, Consumer<EndToEnd> onStart) {
        return new RunningSandbox(options, onStart);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        running = EndToEnd.start(options);
        onStart.accept(running);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
