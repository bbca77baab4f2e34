package io.egressallowlist.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Whoever adopts the project finds its licence (Apache-2.0, the text and the POMs naming it) and how to
 * report a vulnerability.
 */
class LicenceAndSecurityPolicyTest {

    private static final Path ROOT = Path.of(System.getProperty("egress.root", ".."));

    /** MD5 of https://www.apache.org/licenses/LICENSE-2.0.txt, the unaltered licence text. */
    private static final String APACHE_2_0_MD5 = "3b83ef96387f14655fc854ddc3c6bd57";

    @Test
    void theLicenceIsTheUnalteredApache20Text() throws IOException, NoSuchAlgorithmException {
        byte[] licence = Files.readAllBytes(ROOT.resolve("LICENSE"));

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(licence)))
                .as("LICENSE differs from the Apache License 2.0 text").isEqualTo(APACHE_2_0_MD5);
    }

    @Test
    void theParentPomNamesTheLicenceForEveryModule() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));

        assertThat(parent).containsPattern("(?s)<licenses>\\s*<license>\\s*<name>Apache-2.0</name>\\s*"
                + "<url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>");
    }

    @Test
    void theSecurityPolicySaysHowToReportWhatIsInScopeAndWhatToExpect() throws IOException {
        String policy = Files.readString(ROOT.resolve("SECURITY.md"));

        assertThat(policy).contains("## How to report", "## In scope", "## Out of scope", "## Supported versions",
                "## What to expect", "Report a\n  vulnerability");
    }
}
