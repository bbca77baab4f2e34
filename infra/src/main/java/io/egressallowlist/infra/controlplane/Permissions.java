package io.egressallowlist.infra.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * The permission statements the functions are built from, each naming its actions one by one (no
 * {@code dynamodb:*}, no {@code Get*}) and its resources by ARN.
 */
final class Permissions {

    static final List<String> READ_ITEMS = List.of("dynamodb:GetItem", "dynamodb:Query");
    /** Conditional writes of the request store: create, transition, release a slot. */
    static final List<String> WRITE_REQUESTS = List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    /**
     * Versions are appended with attribute_not_exists and then marked applied; never deleted. The writer lease, an
     * item beside the log, needs nothing more: every lease operation is a conditional UpdateItem.
     */
    static final List<String> WRITE_VERSIONS = List.of("dynamodb:PutItem", "dynamodb:UpdateItem");
    /**
     * The audit trail is append-only: a record is put once, after reading where the chain's head is (GetItem) and
     * which of the records to append already exist (BatchGetItem); no DeleteItem or BatchWriteItem for anyone, and
     * UpdateItem only on the head ({@link #moveAuditHead}).
     */
    static final List<String> APPEND_AUDIT = List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:BatchGetItem");
    /** The partition of the audit chain's head item, the one audit item that is ever updated. */
    static final String AUDIT_HEAD_PARTITION = "chain";

    /**
     * Blocked attempts, digest state and caller source addresses: read, create, count up. No DeleteItem:
     * items leave by their TTL ({@code expiresAt}).
     */
    static final List<String> BLOCKED_ITEMS = List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
            "dynamodb:UpdateItem");

    /** Which workload holds a private address (aws-api-notes §9); EC2 scopes no Describe action to a resource. */
    static final String DESCRIBE_NETWORK_INTERFACES = "ec2:DescribeNetworkInterfaces";
    static final String DESCRIBE_ROUTE_TABLES = "ec2:DescribeRouteTables";
    static final String DESCRIBE_VPC_ENDPOINTS = "ec2:DescribeVpcEndpoints";

    static final String UPDATE_RULE_GROUP = "network-firewall:UpdateRuleGroup";
    static final String DESCRIBE_RULE_GROUP = "network-firewall:DescribeRuleGroup";

    private Permissions() {
    }

    /** The table and its indexes (Query on a GSI is authorised against {@code table/…/index/<name>}). */
    static PolicyStatement table(String sid, TableV2 table, boolean indexed, List<String> actions) {
        List<String> resources = new ArrayList<>(List.of(table.getTableArn()));
        if (indexed && actions.contains("dynamodb:Query")) {
            resources.add(table.getTableArn() + "/index/*");
        }
        return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(resources).build();
    }

    /**
     * Moving the audit chain's head: UpdateItem restricted by {@code dynamodb:LeadingKeys} to the head's partition
     * key, so no audit record itself can be updated.
     */
    static PolicyStatement moveAuditHead(TableV2 audit) {
        return PolicyStatement.Builder.create().sid("MoveAuditChainHead")
                .actions(List.of("dynamodb:UpdateItem"))
                .resources(List.of(audit.getTableArn()))
                .conditions(Map.of("ForAllValues:StringEquals",
                        Map.of("dynamodb:LeadingKeys", List.of(AUDIT_HEAD_PARTITION))))
                .build();
    }

    static PolicyStatement putEvents(IEventBus bus) {
        return PolicyStatement.Builder.create().sid("PublishEvents")
                .actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn()))
                .build();
    }

    static PolicyStatement readSecrets(List<ISecret> secrets) {
        return PolicyStatement.Builder.create().sid("ReadSlackSecrets")
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(secrets.stream().map(ISecret::getSecretArn).toList())
                .build();
    }

    static PolicyStatement networkFirewall(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(resources).build();
    }
}
