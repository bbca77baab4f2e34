package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyParserTest {

    static final String GOOD_POLICY = """
            # Egress allow-list policy for the data science platform.
            default-duration = P30D
            max-duration     = P90D
            quorum           = 2
            approvers        = U0123ABCD, U0456EFGH
            approvers        = W0789IJKL
            approver-groups  = S0123ABCD

            auto-approve     = .pypi.org, files.pythonhosted.org
            auto-approve     = .huggingface.co
            deny paste-sites = .pastebin.com, .hastebin.com ; Paste sites are an exfiltration channel
            deny tunnels     = *.ngrok.io, .trycloudflare.com ; Tunnels expose notebooks to the internet
            deny cloud-storage = .amazonaws.com ; Use the S3 VPC endpoint, not the internet
            """;

    @Test
    void wellFormedPolicyIsRead() {
        Policy policy = parse(GOOD_POLICY);

        assertThat(policy.defaultDuration()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.maxDuration()).isEqualTo(Duration.ofDays(90));
        assertThat(policy.quorum()).isEqualTo(2);
        assertThat(policy.approvers().users()).containsExactlyInAnyOrder(
                new SlackUserId("U0123ABCD"), new SlackUserId("U0456EFGH"), new SlackUserId("W0789IJKL"));
        assertThat(policy.approvers().groups()).containsExactly(new SlackUserGroupId("S0123ABCD"));
        assertThat(policy.autoApprove()).extracting(DomainName::target)
                .containsExactly(".pypi.org", "files.pythonhosted.org", ".huggingface.co");
        assertThat(policy.denyRules()).extracting(DenyRule::name)
                .containsExactly("paste-sites", "tunnels", "cloud-storage");
        assertThat(policy.denyRules().get(1).patterns()).extracting(DomainPattern::target)
                .containsExactly(".ngrok.io", ".trycloudflare.com");
        assertThat(policy.denyRules().get(0).reason()).isEqualTo("Paste sites are an exfiltration channel");
    }

    @Test
    void windowsLineEndingsAreAccepted() {
        assertThat(parse(GOOD_POLICY.replace("\n", "\r\n")).quorum()).isEqualTo(2);
    }

    @Test
    void minimalPolicyNeedsOnlyDurationsQuorumAndApprovers() {
        Policy policy = parse("default-duration=PT12H\nmax-duration=P7D\nquorum=1\napprover-groups=S0123ABCD");
        assertThat(policy.denyRules()).isEmpty();
        assertThat(policy.autoApprove()).isEmpty();
        assertThat(policy.defaultDuration()).isEqualTo(Duration.ofHours(12));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # replaced line                                     | expected error
            quorum 2                                             | line 4: expected 'key = value'
            qourum = 2                                           | line 4: unknown setting 'qourum'; expected one of
            quorum =                                             | line 4: 'quorum' has no value.
            quorum = 0                                           | line 4: 'quorum' must be a whole number of approvers, at least 1
            quorum = two                                         | line 4: 'quorum' must be a whole number
            quorum = 5                                           | line 4: 'quorum' 5 can never be reached: only 2 approver(s)
            default-duration = 30 days                           | line 4: 'default-duration' = '30 days' is not an ISO-8601 duration
            max-duration = P60D                                  | line 4: 'max-duration' is already set on line 1
            default-duration = -P1D                              | line 4: 'default-duration' must be positive
            approvers = U0123ABCD, u0456efgh                     | line 4: 'approvers' item 'u0456efgh': 'u0456efgh' is not a Slack user id
            approvers = U0123ABCD,,U0456EFGH                     | line 4: 'approvers' has an empty item
            approver-groups = G0123ABCD                          | line 4: 'approver-groups' item 'G0123ABCD': 'G0123ABCD' is not a Slack user group id
            auto-approve = https://pypi.org                      | line 4: 'auto-approve' item 'https://pypi.org': The domain name starts with a URL scheme
            auto-approve = .github.io                            | line 4: 'auto-approve' item '.github.io': The wildcard .github.io is too broad
            deny paste-sites = .pastebin.com                     | line 4: deny rule 'paste-sites' needs a reason after ';'
            deny Paste Sites = .pastebin.com ; paste             | line 4: deny rule name 'Paste Sites' must be lower-case
            deny paste = pastebin.com/raw ; paste                | line 4: 'deny paste' item 'pastebin.com/raw': The domain name contains a path
            deny tunnels = .ngrok.io ; again                     | line 4: deny rule 'tunnels' is already defined on line 3
            auto-approve = api.ngrok.io                          | line 4: auto-approve entry api.ngrok.io conflicts with deny rule 'tunnels' (line 3, pattern .ngrok.io)
            """)
    void eachSyntaxErrorIsReportedWithItsLineNumber(String line4, String expected) {
        StringBuilder policy = new StringBuilder()
                .append("max-duration = P90D\n")
                .append("approvers = U0123ABCD, U0456EFGH\n")
                .append("deny tunnels = .ngrok.io ; tunnels\n")
                .append(line4).append('\n');
        if (!line4.startsWith("default-duration")) {
            policy.append("default-duration = P30D\n");
        }
        if (!line4.startsWith("quorum")) {
            policy.append("quorum = 2\n");
        }

        assertThat(errors(policy.toString())).anySatisfy(error -> assertThat(error).startsWith(expected));
    }

    @Test
    void missingSettingsAreEachReported() {
        assertThat(errors("# nothing configured\n")).containsExactly(
                "policy: 'default-duration' is missing; add a line such as 'default-duration = P30D'.",
                "policy: 'max-duration' is missing; add a line such as 'max-duration = P90D'.",
                "policy: 'quorum' is missing; add a line such as 'quorum = 2'.",
                "policy: no approvers; add 'approvers = U0123ABCD' or 'approver-groups = S0123ABCD'.");
    }

    @Test
    void defaultDurationLongerThanTheMaximumIsRefused() {
        assertThat(errors("default-duration = P100D\nmax-duration = P90D\nquorum = 1\napprovers = U0123ABCD"))
                .containsExactly("line 1: 'default-duration' 100 days is longer than 'max-duration' 90 days (line 2).");
    }

    @Test
    void allErrorsAreReportedInOnePass() {
        assertThat(errors("default-duration = soon\nmax-duration = P90D\nquorum = 0\napprovers = nobody"))
                .hasSize(3)
                .allSatisfy(error -> assertThat(error).startsWith("line "));
    }

    private static Policy parse(String text) {
        PolicyParser.Result result = PolicyParser.parse(text);
        assertThat(result).isInstanceOf(PolicyParser.Parsed.class);
        return ((PolicyParser.Parsed) result).policy();
    }

    private static List<String> errors(String text) {
        PolicyParser.Result result = PolicyParser.parse(text);
        assertThat(result).isInstanceOf(PolicyParser.Invalid.class);
        return ((PolicyParser.Invalid) result).errors();
    }

    @Test
    void selfApprovalIsNotASetting() {
        assertThat(errors(GOOD_POLICY + "self-approval = true\n"))
                .containsExactly("line 14: unknown setting 'self-approval'; expected one of default-duration, "
                        + "max-duration, quorum, approvers, approver-groups, auto-approve, deny <rule-name>.");
        assertThat(Set.of(Policy.class.getRecordComponents()))
                .extracting(component -> component.getName())
                .doesNotContain("selfApproval", "allowSelfApproval");
    }
}
