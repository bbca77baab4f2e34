package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.shared.domain.AllowlistRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.ALICE;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.replyText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request made in Slack while the allow-list is nearly full or full: the reply and the card posted to the
 * approvals channel say so, with the entries left. The applied list holds 3 entries.
 */
@ExtendWith(DynaliteExtension.class)
class CapacityWarningSlackTest {

    private SlackFixture fixture;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private RecordedMessage requestAndCard(Dynalite dynalite, DynamoDbClient dynamo, int capacity, String domain,
                                           StringBuilder reply) throws Exception {
        fixture = new SlackFixture(dynalite, dynamo, 1, Duration.ofSeconds(5), capacity);
        APIGatewayProxyResponseEvent response = fixture.command(ALICE, "request " + domain + " model weights");
        reply.append(replyText(response));
        AllowlistRequest request = fixture.requests.listAll("slack:" + ALICE, 10, null).items().get(0);
        return fixture.card(request);
    }

    @Test
    void aNearlyFullListIsNamedInTheReplyAndOnTheCardWithTheEntriesLeft(Dynalite dynalite, DynamoDbClient dynamo)
            throws Exception {
        StringBuilder reply = new StringBuilder();
        // 16 units with both target types hold 7 entries: 4 left, fewer than 10
        RecordedMessage card = requestAndCard(dynalite, dynamo, 16, "example.org", reply);

        assertThat(reply.toString()).contains("Allow-list nearly full", "4 of 7 entries left");
        assertThat(card.allText()).contains("Allow-list nearly full", "4 of 7 entries left");
        assertThat(card.hasButton("approve", fixture.requests.listAll(null, 10, null).items().get(0).id().value()))
                .as("the warning does not take the buttons' place").isTrue();
    }

    @Test
    void aFullListSaysAnApprovedRequestWaits(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        StringBuilder reply = new StringBuilder();
        // 8 units hold 3 entries, all in use
        RecordedMessage card = requestAndCard(dynalite, dynamo, 8, "example.org", reply);

        assertThat(reply.toString()).contains("Allow-list full", "waits until entries are removed");
        assertThat(card.allText()).contains("Allow-list full");
    }

    @Test
    void withRoomToSpareNothingIsSaid(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        StringBuilder reply = new StringBuilder();
        RecordedMessage card = requestAndCard(dynalite, dynamo, 3000, "example.org", reply);

        assertThat(reply.toString()).doesNotContain("Allow-list");
        assertThat(card.allText()).doesNotContain("Allow-list");
    }
}
