package io.egressallowlist.testbed;

import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.domain.ScopeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The scopes file of {@link SampleScopes} and each scope's policy file, written to a directory of their own as the
 * stack ships them in the approval-policy layer ({@code SCOPES_FILE}; policy files named relative to it). Every scope
 * runs the approval policy it is given, with its own approvers: {@code default} the policy as given, each team its
 * team's approvers, {@code global} the platform's.
 */
public final class ScopesFile {

    public static final String FILE_NAME = "scopes.txt";

    private static final Pattern APPROVER_SETTING = Pattern.compile("\\s*(approvers|approver-groups)\\s*=.*");

    private ScopesFile() {
    }

    /**
     * Writes the files into a new temporary directory, removed when the JVM exits; answers the scopes file.
     *
     * @param ruleGroups each scope's rule group ARN ({@link LocalAws#scopes()})
     * @param policy     the approval policy text of {@code default}, the others' with their approvers
     */
    public static Path write(Map<ScopeName, String> ruleGroups, String policy) {
        try {
            Path directory = Files.createTempDirectory("egress-scopes");
            directory.toFile().deleteOnExit();
            StringBuilder scopes = new StringBuilder("# The sandbox's scopes: one block per scope, written at start-up.\n");
            for (Map.Entry<ScopeName, String> scope : ruleGroups.entrySet()) {
                String policyFile = scope.getKey() + ".policy";
                write(directory.resolve(policyFile), policyOf(scope.getKey(), policy));
                scopes.append('\n').append("scope ").append(scope.getKey()).append('\n')
                        .append("rule-group     = ").append(scope.getValue()).append('\n')
                        .append("capacity       = ").append(capacity(scope.getKey())).append('\n');
                String domains = studioDomains(scope.getKey());
                if (!domains.isEmpty()) {
                    scopes.append("studio-domains = ").append(domains).append('\n');
                }
                scopes.append("policy         = ").append(policyFile).append('\n');
            }
            Path file = directory.resolve(FILE_NAME);
            write(file, scopes.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox's scopes file: " + e.getMessage(), e);
        }
    }

    /**
     * {@code policy} with {@code approvers} as its only approvers: the lines naming approvers or approver groups become
     * comments, keeping every other line where it was, so an error still names the line of the original.
     */
    public static String withApprovers(String policy, List<String> approvers) {
        List<String> lines = new ArrayList<>();
        for (String line : policy.split("\r?\n", -1)) {
            lines.add(APPROVER_SETTING.matcher(line).matches() ? "# (this scope's approvers are below) " + line.strip()
                    : line);
        }
        lines.add("approvers = " + String.join(", ", approvers));
        return String.join("\n", lines);
    }

    private static String policyOf(ScopeName scope, String policy) {
        if (scope.isGlobal()) {
            return withApprovers(policy, SampleScopes.PLATFORM_APPROVERS.stream().map(Testbed.Person::slackId).toList());
        }
        return SampleScopes.team(scope).map(team -> withApprovers(policy, team.approverIds())).orElse(policy);
    }

    private static int capacity(ScopeName scope) {
        if (scope.isGlobal()) {
            return ScopedFirewall.GLOBAL_CAPACITY;
        }
        return SampleScopes.team(scope).map(SampleScopes.Team::capacity).orElse(ScopedFirewall.DEFAULT_CAPACITY);
    }

    private static String studioDomains(ScopeName scope) {
        if (scope.isGlobal()) {
            return "";
        }
        return SampleScopes.team(scope).map(SampleScopes.Team::domainId)
                .orElse(SageMakerSamples.VPC_ONLY_DOMAIN_ID + ", " + SageMakerSamples.PUBLIC_DOMAIN_ID);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
    }
}
