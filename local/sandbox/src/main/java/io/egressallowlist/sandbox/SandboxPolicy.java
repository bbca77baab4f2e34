package io.egressallowlist.sandbox;

import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.testbed.Testbed;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The approval policy the sandbox runs: the file the CDK app deploys ({@value #DEFAULT_FILE}) unless
 * {@code --policy} names another, so that what is tried locally is what is deployed: the same deny rules,
 * auto-approved entries, durations and quorum. Two things differ, both said at start-up: the policy's approvers
 * are played by the Slack stand-in's two approvers (the file names a real workspace's people, whom the stand-in does
 * not have), and {@code --grant} and {@code --quorum} replace the file's {@code default-duration} and
 * {@code quorum}. Each replacement keeps its line, so an error names the line of the file.
 *
 * @param text    the policy as the functions read it ({@code POLICY})
 * @param policy  the parsed policy
 * @param source  where it was read from
 */
record SandboxPolicy(String text, Policy policy, Path source) {

    static final String DEFAULT_FILE = "infra/approval-policy.txt";
    static final List<String> STAND_IN_APPROVERS = List.of(Testbed.APPROVER_1, Testbed.APPROVER_2);

    private static final Pattern SETTING = Pattern.compile("\\s*([a-z-]+)\\s*=.*");

    /** A policy that cannot be used: missing, unreadable or invalid; the message says which and where. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }

    /**
     * Reads the chosen file, or finds the default one from {@code workingDirectory} upwards (the repository root is
     * one of its parents when the sandbox is started from within the repository) and then from the sandbox jar's
     * location, and applies the command line's replacements.
     */
    static SandboxPolicy load(Optional<Path> chosen, Path workingDirectory, Optional<Duration> grant,
                              Optional<Integer> quorum) throws Problem {
        Path file = chosen.map(workingDirectory::resolve).orElseGet(() -> find(workingDirectory).orElse(null));
        if (file == null) {
            throw new Problem("no approval policy: " + DEFAULT_FILE + " is neither under " + workingDirectory.toAbsolutePath()
                    + " nor under any directory above it or above the sandbox jar; start the sandbox from the"
                    + " repository, or choose a policy with --policy FILE");
        }
        String original;
        try {
            original = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Problem("cannot read the approval policy " + file + ": " + e.getMessage()
                    + (chosen.isPresent() ? " (--policy)" : ""));
        }
        return of(original, file, grant, quorum);
    }

    /** The policy {@code original} (read from {@code source}) with the stand-in's approvers and the replacements. */
    static SandboxPolicy of(String original, Path source, Optional<Duration> grant, Optional<Integer> quorum)
            throws Problem {
        List<String> lines = new ArrayList<>(List.of(original.split("\r?\n", -1)));
        Map<Integer, String> replaced = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String key = key(lines.get(i));
            if (key.equals("approvers") || key.equals("approver-groups")) {
                lines.set(i, "# " + key + " are played by the Slack stand-in's approvers (below)");
            }
        }
        grant.ifPresent(duration -> replace(lines, "default-duration", duration.toString(), "--grant " + duration,
                replaced));
        quorum.ifPresent(count -> replace(lines, "quorum", Integer.toString(count), "--quorum " + count, replaced));
        lines.add("approvers = " + String.join(", ", STAND_IN_APPROVERS));
        String text = String.join("\n", lines);
        PolicyParser.Result result = PolicyParser.parse(text);
        Optional<List<String>> errors = result.match(new PolicyParser.Result.Cases<>(parsed -> Optional.empty(),
                invalid -> Optional.of(invalid.errors())));
        if (errors.isPresent()) {
            throw new Problem("the approval policy " + source + " is not valid:\n  "
                    + String.join("\n  ", errors.get().stream().map(error -> explained(error, replaced)).toList()));
        }
        Policy policy = result.match(new PolicyParser.Result.Cases<>(PolicyParser.Parsed::policy, invalid -> null));
        return new SandboxPolicy(text, policy, source);
    }

    private static Optional<Path> find(Path workingDirectory) {
        List<Path> starts = new ArrayList<>(List.of(workingDirectory.toAbsolutePath()));
        jarDirectory().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path directory = start; directory != null; directory = directory.getParent()) {
                Path candidate = directory.resolve(DEFAULT_FILE);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Where the sandbox's classes are (its jar, or a build's classes directory). */
    private static Optional<Path> jarDirectory() {
        try {
            return Optional.of(Path.of(SandboxPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath());
        } catch (URISyntaxException | RuntimeException unknown) {
            return Optional.empty();
        }
    }

    /** The setting's key on {@code line}, or "" for a comment, a blank line or a deny rule. */
    private static String key(String line) {
        Matcher setting = SETTING.matcher(line);
        return setting.matches() ? setting.group(1) : "";
    }

    /** Replaces the value of {@code key} on its line (the first one), or adds the setting when the file has none. */
    private static void replace(List<String> lines, String key, String value, String flag, Map<Integer, String> replaced) {
        for (int i = 0; i < lines.size(); i++) {
            if (key(lines.get(i)).equals(key)) {
                lines.set(i, key + " = " + value);
                replaced.put(i + 1, flag);
                return;
            }
        }
        lines.add(key + " = " + value);
        replaced.put(lines.size(), flag);
    }

    /** A parser error on a line the command line replaced says so. */
    private static String explained(String error, Map<Integer, String> replaced) {
        Matcher line = Pattern.compile("line (\\d+):.*", Pattern.DOTALL).matcher(error);
        if (line.matches()) {
            String flag = replaced.get(Integer.parseInt(line.group(1)));
            if (flag != null) {
                return error + " (set by " + flag + ")";
            }
        }
        return error;
    }

    /** One line for the start-up banner. */
    String describe() {
        return source + ": deny rules " + String.join(", ", policy.denyRules().stream().map(rule -> rule.name()).toList())
                + "; quorum " + policy.quorum() + "; grants for " + SandboxOptions.shortForm(policy.defaultDuration())
                + " (at most " + SandboxOptions.shortForm(policy.maxDuration()) + "); approvers played by " + String.join(", ", STAND_IN_APPROVERS);
    }
}
