package io.egressallowlist.functions.slackinteractions;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A test of the Slack interactions on a fixture of its own, opened before each test and closed after it. */
@ExtendWith(DynaliteExtension.class)
abstract class SlackFixtureTest {

    protected SlackFixture fixture;

    @BeforeEach
    void openFixture(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        fixture = new SlackFixture(dynalite, dynamo);
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }
}
