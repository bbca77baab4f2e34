package io.egressallowlist.sandbox;

import io.egressallowlist.cli.EgressCli;
import io.egressallowlist.testbed.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox as {@code java -jar egress-sandbox.jar} starts it with no flags (on free ports): the deployed policy
 * file, the seeded baseline the README lists, and no seeded entry the request path would refuse.
 */
class SandboxStockTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(stock(), started -> e2e = started);

    private static LocalControlPlane.Options stock() {
        SandboxOptions options = SandboxOptions.parse();
        try {
            SandboxPolicy policy = SandboxPolicy.load(options.policyFile(), Path.of(""), Optional.empty(),
                    Optional.empty());
            return SandboxMain.controlPlane(options, policy).withPorts(0, 0, 0);
        } catch (SandboxPolicy.Problem e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void transferShIsRefusedByTheFileDropsRuleOfTheDeployedPolicy() {
        EndToEnd.Cli refused = e2e.egress("request", "transfer.sh", "--reason", "share a file");

        assertThat(refused.exit()).as(refused.err()).isEqualTo(3);
        assertThat(refused.err() + refused.out()).contains("file-drops");
        assertThat(e2e.egress("request", "pastebin.com", "--reason", "x").exit()).isEqualTo(3);
    }

    @Test
    void theSeededBaselineIsTheOneTheReadmeLists() {
        assertThat(e2e.ruleGroup()).containsExactlyInAnyOrderElementsOf(readmeBaseline())
                .containsExactlyInAnyOrderElementsOf(LocalAws.BASELINE);
    }

    @Test
    void noSeededEntryIsOneTheRequestPathRefuses() {
        for (String entry : e2e.ruleGroup()) {
            EndToEnd.Cli requested = e2e.egress("request", entry, "--reason", "is it requestable", "--json");
            assertThat(requested.exit()).as("egress request %s: %s", entry, requested.err()).isZero();
            assertThat(requested.json().path("outcome").asText()).as(entry).isEqualTo("ALREADY_ALLOWED");
        }
        assertThat(e2e.egress("request", ".amazonaws.com", "--reason", "x").exit())
                .as("the entry the sandbox no longer seeds is one the request path refuses").isEqualTo(3);
    }

    @Test
    void theBannersHintsReachThisSandboxOnItsOwnPort() {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        e2e.plane().describe(new PrintStream(banner, true, StandardCharsets.UTF_8));
        String printed = banner.toString(StandardCharsets.UTF_8);

        Matcher export = Pattern.compile("export EGRESS_API_URL=(\\S+)").matcher(printed);
        assertThat(export.find()).as(printed).isTrue();
        assertThat(export.group(1)).isEqualTo(e2e.plane().frontUrl() + "/api");
        assertThat(printed).contains("bin/egress request", "bin/egress approve <id> --as U0APPROVER1",
                e2e.plane().frontUrl() + "/_sandbox/run/cleanup");

        // What the banner says to export is all the CLI needs: no --endpoint, and this sandbox's port is not 8080.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EgressCli.Exit exit = new EgressCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"check", "files.pythonhosted.org"}, Map.of("EGRESS_API_URL", export.group(1)));
        assertThat(exit.code()).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("files.pythonhosted.org");
    }

    /** The entries in code spans on the README's "the baseline" line of its sandbox section. */
    private static List<String> readmeBaseline() {
        String readme;
        try {
            readme = Files.readString(Path.of("../../README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String section = readme.substring(readme.indexOf("## The local sandbox"));
        String line = section.lines().filter(l -> l.startsWith("* **the baseline**")).findFirst()
                .orElseThrow(() -> new AssertionError("the README's sandbox section has no '* **the baseline**' line"));
        String listed = line.substring(0, line.indexOf(';'));
        List<String> entries = new ArrayList<>();
        Matcher code = Pattern.compile("`([^`]+)`").matcher(listed);
        while (code.find()) {
            entries.add(code.group(1));
        }
        return entries;
    }
}
