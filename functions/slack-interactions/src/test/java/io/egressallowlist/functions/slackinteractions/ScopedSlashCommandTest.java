package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.util.List;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.ALICE;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.outcome;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.replyText;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /egress allowlist [scope]} and {@code /egress versions [scope]} in a deployment with scopes, signed. */
@ExtendWith(DynaliteExtension.class)
class ScopedSlashCommandTest {

    private SlackFixture fixture;

    @BeforeEach
    void open(Dynalite dynalite, DynamoDbClient dynamo, @TempDir Path dir) throws Exception {
        fixture = SlackFixture.withScopes(dynalite, dynamo, dir);
        fixture.log("egress-risk").append(AllowlistVersion.create(1, null, List.of(".internal.bank"),
                VersionCause.baseline(), "system", fixture.clock.instant(), ScopeMode.LEARN)
                .markedApplied(fixture.clock.instant()));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private APIGatewayProxyResponseEvent command(String text) {
        APIGatewayProxyResponseEvent response = fixture.command(ALICE, text);
        assertThat(response.getStatusCode()).isEqualTo(200);
        return response;
    }

    @Test
    void theAllowlistOfANamedScopeIsItsOwn() {
        String text = replyText(command("allowlist risk"));

        assertThat(text).contains("*The allow-list of scope `risk`* (version 1, 1 entries; learning", "• `.internal.bank`")
                .doesNotContain("huggingface.co");
    }

    @Test
    void theVersionsOfANamedScopeAreItsOwn() {
        String risk = replyText(command("versions risk"));
        String research = replyText(command("versions research"));

        assertThat(risk).contains("*Allow-list versions of scope `risk`*", "*1* baseline, 1 entries").doesNotContain("*2*");
        assertThat(research).contains("*Allow-list versions of scope `research`*", "*2* baseline, 3 entries");
    }

    @Test
    void withoutDefaultTheScopeMustBeNamed() {
        APIGatewayProxyResponseEvent response = command("allowlist");

        assertThat(replyText(response)).contains("Name the scope", "`/egress allowlist <scope>`", "`research`, `risk`");
        assertThat(outcome(response)).isEqualTo("refused");
    }

    @Test
    void aRequestNamesItsScopeAndABadOrMissingOneIsRefusedWithNothingStored() {
        APIGatewayProxyResponseEvent inRisk = command("request data.example.org --scope risk model data");
        APIGatewayProxyResponseEvent unnamed = command("request other.example.org model data");
        APIGatewayProxyResponseEvent unknown = command("request other.example.org --scope nope model data");
        APIGatewayProxyResponseEvent noReason = command("request other.example.org --scope risk");

        assertThat(replyText(inRisk)).contains("is waiting for an approver");
        assertThat(fixture.requests.listAll(null, 50, null).items()).singleElement().satisfies(request -> {
            assertThat(request.scope()).isEqualTo(ScopeName.of("risk"));
            assertThat(request.target().value()).isEqualTo("data.example.org");
            assertThat(request.justification()).isEqualTo("model data");
        });
        assertThat(replyText(unnamed)).as("no default scope here").doesNotContain("is waiting for an approver");
        assertThat(replyText(unknown)).contains("nope").doesNotContain("is waiting for an approver");
        assertThat(replyText(noReason)).contains("/egress request <domain> --scope <scope> <reason…>");
        assertThat(fixture.requests.listAll(null, 50, null).items()).hasSize(1);
    }

    @Test
    void anUnknownScopeIsRefusedEscapedWithTheScopesThereAre() {
        APIGatewayProxyResponseEvent unknown = command("versions nope");
        APIGatewayProxyResponseEvent markup = command("allowlist <!channel> & <http://evil|click>");

        assertThat(replyText(unknown)).contains("There is no scope `nope`; the scopes are `research`, `risk`");
        assertThat(outcome(unknown)).isEqualTo("refused");
        assertThat(replyText(markup)).contains("&lt;!channel&gt; &amp; &lt;http://evil|click&gt;")
                .doesNotContain("<!channel>", "<http");
    }
}
