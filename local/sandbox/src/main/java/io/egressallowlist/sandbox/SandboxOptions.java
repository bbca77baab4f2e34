package io.egressallowlist.sandbox;

import io.egressallowlist.shared.cleanup.StaleAction;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's command line, parsed: the command, the ports, the policy file and the timings that make expiry,
 * reminders and stale cleanup visible in minutes. Every value is checked here, so a bad one is a usage error (exit
 * 2) before anything starts.
 *
 * @param policyFile the approval policy to run; empty: {@code infra/approval-policy.txt}, found from the working
 *                   directory or the repository root ({@link SandboxPolicy})
 */
record SandboxOptions(String command, int port, int awsPort, int dynamoPort, boolean help, Optional<Path> policyFile,
                      Timings timings) {

    static final String USAGE = """
            usage: java -jar local/sandbox/target/egress-sandbox.jar [up|emulators] [options]
              up (default)        dynalite + AWS emulators, tables created, firewall and Studio seeded
              emulators           the AWS emulators only (Network Firewall, SageMaker, EventBridge, EC2)
            options:
              --port N            up: port of the web page, API and Slack route (default 8080);
                                  emulators: port of the AWS emulators
              --aws-port N        port of the AWS emulators (default 4566)
              --dynamodb-port N   port of dynalite (default 8000)
              --policy FILE       the approval policy (default infra/approval-policy.txt, found from the
                                  working directory or the repository root); its approvers are played by
                                  the Slack stand-in's approvers U0APPROVER1 and U0APPROVER2
            timings (durations as ISO-8601, e.g. PT5M, or 30s, 5m, 2h, 1d):
              --pending-timeout D how long a request may wait for a decision (default 7d)
              --grant D           the policy's default-duration: how long a grant lasts
              --reminder-before D remind the requester this long before a grant expires (default 3d)
              --stale-after D     an entry with no traffic for this long is stale (default 28d)
              --stale-action A    flag (default) or remove: what happens to a stale entry's grant
              --reconcile-every D how often firewall-sync reconciles (default 10s); cleanup runs every
                                  minute, or every D/2 of the shortest timing above if that is sooner
              --quorum N          the policy's quorum: approvers a request needs (the stand-in has 2)
              --help              this text""";

    /** Timings and policy settings given on the command line; empty ones keep the policy's or the function's. */
    record Timings(Optional<Duration> pendingTimeout, Optional<Duration> grant, Optional<Duration> reminderBefore,
                   Optional<Duration> staleAfter, Optional<StaleAction> staleAction, Optional<Duration> reconcileEvery,
                   Optional<Integer> quorum) {
        static Timings none() {
            return new Timings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }

    static final int DEFAULT_FRONT_PORT = 8080;
    static final int DEFAULT_AWS_PORT = 4566;
    static final int DEFAULT_DYNAMODB_PORT = 8000;

    /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}: a whole number and one unit. */
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    /** @throws IllegalArgumentException naming the option and the value, for the usage error */
    static SandboxOptions parse(String... args) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        String command = "up";
        if (!rest.isEmpty() && !rest.peekFirst().startsWith("-")) {
            command = rest.removeFirst();
            if (!command.equals("up") && !command.equals("emulators")) {
                throw new IllegalArgumentException("unknown command '" + command + "'");
            }
        }
        Parsing parsing = new Parsing();
        while (!rest.isEmpty()) {
            parsing.option(rest.removeFirst(), rest);
        }
        if (command.equals("emulators") && (parsing.policy != null || !parsing.timings().equals(Timings.none()))) {
            throw new IllegalArgumentException("the policy and the timings are the control plane's; emulators runs"
                    + " none of it (use up)");
        }
        int awsPort = parsing.awsPort;
        if (command.equals("emulators") && parsing.port != -1) {
            awsPort = parsing.port;
        }
        return new SandboxOptions(command, parsing.port == -1 ? DEFAULT_FRONT_PORT : parsing.port, awsPort,
                parsing.dynamoPort, parsing.help, Optional.ofNullable(parsing.policy), parsing.timings());
    }

    /** The state of one parse; never shared. */
    private static final class Parsing {
        int port = -1;
        int awsPort = DEFAULT_AWS_PORT;
        int dynamoPort = DEFAULT_DYNAMODB_PORT;
        boolean help;
        Path policy;
        Duration pendingTimeout;
        Duration grant;
        Duration reminderBefore;
        Duration staleAfter;
        StaleAction staleAction;
        Duration reconcileEvery;
        Integer quorum;

        void option(String option, Deque<String> rest) {
            switch (option) {
                case "--port" -> port = port(option, value(option, rest));
                case "--aws-port" -> awsPort = port(option, value(option, rest));
                case "--dynamodb-port" -> dynamoPort = port(option, value(option, rest));
                case "--policy" -> policy = Path.of(value(option, rest));
                case "--pending-timeout" -> pendingTimeout = duration(option, value(option, rest));
                case "--grant" -> grant = duration(option, value(option, rest));
                case "--reminder-before" -> reminderBefore = duration(option, value(option, rest));
                case "--stale-after" -> staleAfter = duration(option, value(option, rest));
                case "--stale-action" -> staleAction = staleAction(option, value(option, rest));
                case "--reconcile-every" -> reconcileEvery = duration(option, value(option, rest));
                case "--quorum" -> quorum = quorum(value(option, rest));
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }

        Timings timings() {
            return new Timings(Optional.ofNullable(pendingTimeout), Optional.ofNullable(grant),
                    Optional.ofNullable(reminderBefore), Optional.ofNullable(staleAfter), Optional.ofNullable(staleAction),
                    Optional.ofNullable(reconcileEvery), Optional.ofNullable(quorum));
        }
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty() || rest.peekFirst().startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.removeFirst();
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a port number within 1..65535, got '" + value + "'");
    }

    /** ISO-8601 ({@code PT5M}, {@code P1D}) or a number and a unit ({@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}). */
    static Duration duration(String option, String value) {
        Duration duration = parseDuration(value.strip());
        if (duration == null) {
            throw new IllegalArgumentException(option + " needs a duration such as PT5M, 30s, 5m, 2h or 1d, got '"
                    + value + "'");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(option + " must be positive, got '" + value + "'");
        }
        return duration;
    }

    /** {@code 90d}, {@code 4m}, {@code 30s}: the largest whole unit, as the flags may be written. */
    static String shortForm(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : duration.toMillis() % 1000 == 0 ? seconds + "s" : duration.toString();
    }

    private static Duration parseDuration(String value) {
        Matcher shortForm = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static StaleAction staleAction(String option, String value) {
        try {
            return StaleAction.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " is flag or remove, got '" + value + "'");
        }
    }

    private static int quorum(String value) {
        try {
            int quorum = Integer.parseInt(value);
            if (quorum >= 1) {
                return quorum;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--quorum needs a whole number of approvers, at least 1, got '" + value + "'");
    }
}
