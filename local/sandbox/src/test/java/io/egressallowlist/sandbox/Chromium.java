package io.egressallowlist.sandbox;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Chromium the page's browser tests render with. Where none is installed they are skipped locally, but
 * fail in CI ({@code CI=true}, as CI services set it): {@code .ci/run} installs Debian's chromium, so a
 * missing browser there means the page went untested, which must not pass unnoticed.
 */
final class Chromium {

    static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"),
            Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));

    private Chromium() {
    }

    /** The installed Chromium; else the test fails when {@code CI=true} and is skipped otherwise. */
    static Path required() {
        return required(System.getenv(), CANDIDATES);
    }

    static Path required(Map<String, String> environment, List<Path> candidates) {
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        if ("true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim())) {
            return fail("CI=true but no Chromium found (looked for " + candidates + "): the page's browser tests"
                    + " must run in CI. .ci/run installs Debian's chromium when it runs as root with apt-get;"
                    + " install it (apt-get install chromium) or fix what stopped it.");
        }
        Assumptions.abort("no Chromium found (looked for " + candidates + "): install Debian's chromium package"
                + " to run the page test (in CI, with CI=true, this fails instead)");
        throw new IllegalStateException("Assumptions.abort returned");
    }
}
