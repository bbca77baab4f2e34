package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressallowlist.shared.domain.PolicyDecision.AutoApproved;
import io.egressallowlist.shared.domain.PolicyDecision.Denied;
import io.egressallowlist.shared.domain.PolicyDecision.NeedsApproval;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {

    private static final Policy POLICY =
            ((PolicyParser.Parsed) PolicyParser.parse(PolicyParserTest.GOOD_POLICY + "auto-approve = pypi.org\n"))
                    .policy();

    @ParameterizedTest(name = "{0} for {1}: {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # target                   | duration | decision       | rule or catalogue entry or quorum
            pastebin.com               | P1D      | Denied         | paste-sites
            raw.pastebin.com           | P1D      | Denied         | paste-sites
            .hastebin.com              | P1D      | Denied         | paste-sites
            abc.ngrok.io               | P1D      | Denied         | tunnels
            my-bucket.s3.amazonaws.com | P1D      | Denied         | cloud-storage
            pastebin.com               | P365D    | Denied         | paste-sites
            example.com                | P91D     | Denied         | max-duration
            example.com                | PT0S     | Denied         | positive-duration
            example.com                | -P1D     | Denied         | positive-duration
            example.com                | P90D     | NeedsApproval  | 2
            files.pythonhosted.org     | P30D     | AutoApproved   | files.pythonhosted.org
            upload.pypi.org            | P30D     | AutoApproved   | .pypi.org
            .pypi.org                  | P30D     | AutoApproved   | .pypi.org
            pypi.org                   | P30D     | AutoApproved   | .pypi.org
            .files.pythonhosted.org    | P30D     | NeedsApproval  | 2
            x.files.pythonhosted.org   | P30D     | NeedsApproval  | 2
            pythonhosted.org           | P30D     | NeedsApproval  | 2
            cdn-lfs.huggingface.co     | P30D     | AutoApproved   | .huggingface.co
            files.pythonhosted.org     | P91D     | Denied         | max-duration
            """)
    void requestIsDecidedByDenyRulesThenDurationThenCatalogue(
            String target, String duration, String decision, String detail) {
        PolicyDecision result = POLICY.evaluate(DomainName.of(target), Duration.parse(duration));

        assertThat(result.getClass().getSimpleName()).isEqualTo(decision);
        assertThat(detailOf(result)).isEqualTo(detail);
    }

    @Test
    void wildcardRequestIsNotAutoApprovedByAnExactCatalogueEntry() {
        PolicyDecision decision = POLICY.evaluate(DomainName.of("*.files.pythonhosted.org"));
        assertThat(decision).isEqualTo(new NeedsApproval(2, Duration.ofDays(30)));
    }

    @Test
    void wildcardRequestOverADeniedNameIsRefusedNamingTheRule() {
        Policy policy = ((PolicyParser.Parsed) PolicyParser.parse("""
                default-duration = P30D
                max-duration = P90D
                quorum = 1
                approvers = U0123ABCD
                deny exfil = upload.example.com ; Uploads leave the bank
                """)).policy();

        PolicyDecision decision = policy.evaluate(DomainName.of(".example.com"));

        assertThat(decision).isInstanceOfSatisfying(Denied.class, denied -> {
            assertThat(denied.rule()).isEqualTo("exfil");
            assertThat(denied.message()).isEqualTo(
                    ".example.com is refused by policy rule 'exfil' (pattern upload.example.com): Uploads leave the bank");
        });
    }

    @Test
    void requestWithoutDurationGetsTheDefault() {
        assertThat(POLICY.evaluate(DomainName.of("files.pythonhosted.org")))
                .isEqualTo(new AutoApproved(DomainName.of("files.pythonhosted.org"), Duration.ofDays(30)));
    }

    @Test
    void durationAboveTheMaximumIsRefusedWithTheLimit() {
        Denied denied = (Denied) POLICY.evaluate(DomainName.of("example.com"), Duration.ofDays(120));
        assertThat(denied.message()).startsWith("The requested duration 120 days is longer than the maximum of 90 days.");
    }

    private static String detailOf(PolicyDecision decision) {
        if (decision instanceof Denied denied) {
            return denied.rule();
        }
        if (decision instanceof AutoApproved approved) {
            return approved.catalogueEntry().target();
        }
        return Integer.toString(((NeedsApproval) decision).quorum());
    }
}
