package io.egressallowlist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkSystemSetting;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * {@code egress}: request domains, follow requests, read the allow-list and its versions, ask for a
 * rollback — against a deployment (SigV4, default AWS credentials) or the local sandbox.
 */
public final class EgressCli {

    /** Exit codes, so scripts can branch on the outcome. */
    public enum Exit {
        OK(0), NOT_ALLOWED(1), USAGE(2), REFUSED(3), NOT_FOUND(4), FORBIDDEN_OR_CONFLICT(5), UNAVAILABLE(6);

        final int code;

        Exit(int code) {
            this.code = code;
        }

        /** The process exit status. */
        public int code() {
            return code;
        }
    }

    static final String USAGE = """
            usage: egress [--endpoint URL] [--json] [--as-principal ARN] [--region R] <command> [args]

            commands:
              request <domain> --reason TEXT [--days N]   ask for a domain (.example.com = it and everything below)
              status [id]                                 one request, or your own requests
              list [--status STATUS] [--requester ARN]    requests (PENDING is the approval queue)
              check <domain>                              is it allowed, and by which entry?
              allowlist                                   the allow-list as applied to the firewall
              versions                                    the version history
              diff <a> <b>                                what changed between two versions
              rollback <n> --reason TEXT                  ask to restore version n (needs approval)
              scopes                                      the scopes (one allow-list each) and their modes
              mode <scope> enforce|learn                  ask to switch a scope's mode (needs its approvers);
                   --justification TEXT                   prints what enforcing would block now
              withdraw <id>                               take back your pending request
              revoke <id> --reason TEXT                   approvers: take back an active grant (removed with the
                                                          next version) or cancel an approved, unapplied request
              blocked [--since PT6H|P7D|INSTANT] [--all]  what the firewall refused your workloads (default: last
                                                          24 h; --all: everyone's, approvers only; --scope NAME:
                                                          everyone's in that scope, its approvers only)
              blocked --request <domain> --reason TEXT    request what a blocked entry suggests (its exact host, or
                      [--days N]                          a wildcard when several hosts under one name were refused)
              audit [--since X] [--until X] [--actor A]   the audit trail, oldest first: approvers and operators
                    [--request ID] [--type ACTION]        only; default the last 24 h; every page, or the first
                    [--limit N]                           --limit N records
              audit ... --format jsonl|csv                export them (CSV: formulas defused) to --output FILE,
                        [--output FILE]                   else to stdout
              audit verify                                check the audit trail's hash chain: exit 0 intact, 5
                                                          broken (names the record edited, inserted or deleted)
              approve <id> --as SLACK_USER                sandbox only: click Approve in Slack as that user
              deny <id> --as SLACK_USER                   sandbox only: click Deny in Slack as that user

            --scope NAME on request, list, check, allowlist, versions, diff, rollback, blocked and audit: that
            scope's allow-list (default: your own, i.e. your Studio domain's; list, blocked and audit: every scope).

            endpoint: --endpoint, else EGRESS_API_URL, else the local sandbox (http://127.0.0.1:8080/api).
            A loopback endpoint is the sandbox: no credentials; your identity is --as-principal or
            EGRESS_PRINCIPAL (else the sandbox's sample Studio user). Any other endpoint is signed with SigV4 using your AWS credentials and region.

            exit codes: 0 ok · 1 check: not allowed · 2 usage · 3 refused (bad input or policy) · 4 not found
                        5 forbidden or conflict (also: a stored snapshot failed its integrity check)
                        6 API unreachable or unavailable""";

    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:8080/api";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;

    /** A CLI writing to these streams; {@link #run} it in-process (the sandbox's end-to-end tests do). */
    public EgressCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new EgressCli(System.out, System.err).run(args, System.getenv()).code);
    }

    /** Runs one command; {@code env} stands in for the process environment ({@code EGRESS_API_URL}, …). */
    public Exit run(String[] args, Map<String, String> env) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("egress: " + e.getMessage());
            err.println(USAGE);
            return Exit.USAGE;
        }
        if (arguments.command() == null || arguments.flag("help")) {
            out.println(USAGE);
            return arguments.command() == null && !arguments.flag("help") ? Exit.USAGE : Exit.OK;
        }
        URI endpoint = URI.create(arguments.option("endpoint", env.getOrDefault("EGRESS_API_URL", DEFAULT_ENDPOINT)));
        ApiClient api = new ApiClient(endpoint, arguments.option("as-principal", env.get("EGRESS_PRINCIPAL")),
                arguments.option("region", env.getOrDefault(SdkSystemSetting.AWS_REGION.environmentVariable(),
                        env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"))));
        Commands commands = new Commands(api, new Output(out, arguments.flag("json")), err);
        try {
            return commands.run(arguments);
        } catch (IllegalArgumentException e) {
            err.println("egress: " + e.getMessage());
            return Exit.USAGE;
        } catch (ApiClient.UnreachableException e) {
            err.println("egress: " + e.getMessage());
            err.println(api.isSandbox()
                    ? "Is the sandbox running? Start it with: java -jar local/sandbox/target/egress-sandbox.jar"
                    : "Check EGRESS_API_URL, your network path to the private API (VPC endpoint) and your AWS credentials.");
            return Exit.UNAVAILABLE;
        }
    }

    /** Parsed command line: the command, positional arguments, {@code --name value} options and flags. */
    record Arguments(String command, List<String> positional, Map<String, String> options, List<String> flags) {

        private static final List<String> FLAGS = List.of("json", "help", "all");

        static Arguments parse(String[] args) {
            Deque<String> rest = new ArrayDeque<>(List.of(args));
            String command = null;
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new java.util.LinkedHashMap<>();
            List<String> flags = new ArrayList<>();
            while (!rest.isEmpty()) {
                String arg = rest.removeFirst();
                if (arg.equals("-h")) {
                    flags.add("help");
                } else if (arg.startsWith("--")) {
                    String name = arg.substring(2);
                    if (FLAGS.contains(name)) {
                        flags.add(name);
                    } else if (rest.isEmpty()) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    } else {
                        options.put(name, rest.removeFirst());
                    }
                } else if (command == null) {
                    command = arg;
                } else {
                    positional.add(arg);
                }
            }
            return new Arguments(command, positional, options, flags);
        }

        boolean flag(String name) {
            return flags.contains(name);
        }

        String option(String name, String fallback) {
            return options.getOrDefault(name, fallback);
        }

        String required(String name, String what) {
            String value = options.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(command + " needs --" + name + " " + what);
            }
            return value;
        }

        String positional(int index, String what) {
            if (positional.size() <= index) {
                throw new IllegalArgumentException(command + " needs " + what);
            }
            return positional.get(index);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (java.io.IOException e) {
            ObjectNode text = JSON.createObjectNode();
            text.put("detail", body.length() > 300 ? body.substring(0, 300) + "…" : body);
            return text;
        }
    }
}
