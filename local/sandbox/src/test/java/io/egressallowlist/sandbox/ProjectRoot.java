package io.egressallowlist.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Files of the repository the page tests read: from {@code egress.root} (set by the build) or the working directory up. */
final class ProjectRoot {

    private ProjectRoot() {
    }

    /** {@code relative} under the nearest directory holding it; fails with {@code missing} and where it looked. */
    static Path file(String relative, String missing) {
        List<Path> tried = new ArrayList<>();
        for (String start : new String[] {System.getProperty("egress.root"), System.getProperty("user.dir")}) {
            if (start == null || start.isBlank()) {
                continue;
            }
            for (Path dir = Path.of(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                tried.add(dir);
                if (Files.exists(dir.resolve(relative))) {
                    return dir.resolve(relative);
                }
            }
        }
        return fail(missing + " Looked for " + relative + " in: " + tried);
    }
}
