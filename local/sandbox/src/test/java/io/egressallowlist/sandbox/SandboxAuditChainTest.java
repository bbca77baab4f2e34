package io.egressallowlist.sandbox;

import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.testbed.LocalAws;
import io.egressallowlist.testbed.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code egress audit verify} against the sandbox: after a request, its approval and its activation the chain is
 * intact; an approver's name changed in the sandbox's dynalite is named as an edit and the command exits 5; someone
 * who is neither approver nor operator is refused. Its own sandbox, since the trail is left broken.
 */
class SandboxAuditChainTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    @Test
    void verifyExitsZeroOnTheTrailOfRealActivityAndFiveNamingARowEditedInDynalite() {
        String id = e2e.submit("chain-e2e.example.org");
        assertThat(e2e.click("approve", id, Testbed.APPROVER_1).exit()).isZero();
        e2e.awaitStatus(id, "ACTIVE");

        EndToEnd.Cli intact = e2e.egressAs(Testbed.APPROVER_1_ARN, "audit", "verify");
        EndToEnd.Cli byOperator = e2e.egressAs(Testbed.OPERATOR_ARN, "--json", "audit", "verify");

        assertThat(intact.exit()).as(intact.err()).isZero();
        assertThat(intact.out()).contains("Audit trail intact");
        assertThat(byOperator.exit()).as(byOperator.err()).isZero();
        assertThat(byOperator.json().path("checked").asLong()).isGreaterThanOrEqualTo(3);

        AuditEvent approved = e2e.auditOf(id).stream().filter(event -> event.action().equals("REQUEST_APPROVED"))
                .findFirst().orElseThrow();
        try (DynamoDbClient dynamo = e2e.plane().aws().dynalite().newClient()) {
            dynamo.updateItem(b -> b.tableName(LocalAws.TABLES.audit())
                    .key(Map.of("subject", AttributeValue.fromS("request#" + id),
                            "eventId", AttributeValue.fromS(approved.eventId())))
                    .updateExpression("SET actor = :actor")
                    .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("slack:U0SOMEONEELSE"))));
        }

        EndToEnd.Cli broken = e2e.egressAs(Testbed.APPROVER_1_ARN, "audit", "verify");
        EndToEnd.Cli refused = e2e.egress("audit", "verify");

        assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(5);
        assertThat(broken.out()).contains("Audit trail BROKEN: EDITED", "request#" + id + "/" + approved.eventId());
        assertThat(refused.exit()).as("the sample data scientist is neither approver nor operator").isEqualTo(5);
        assertThat(refused.out()).doesNotContain("Audit trail");
    }
}
