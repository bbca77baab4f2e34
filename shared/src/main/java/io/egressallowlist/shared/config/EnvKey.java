package io.egressallowlist.shared.config;

import io.egressallowlist.shared.events.FunctionNames;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.egressallowlist.shared.events.FunctionNames.ALERT_INGEST;
import static io.egressallowlist.shared.events.FunctionNames.FIREWALL_SYNC;
import static io.egressallowlist.shared.events.FunctionNames.REQUEST_API;
import static io.egressallowlist.shared.events.FunctionNames.SLACK_INTERACTIONS;
import static io.egressallowlist.shared.events.FunctionNames.STALE_CLEANUP;
import static io.egressallowlist.shared.events.FunctionNames.STUDIO_GUARD;

/**
 * The environment contract of the six functions, in one place: every variable a function reads, who sets
 * it, which functions read it and which refuse to start without it. {@link ControlPlaneConfig} reads through
 * these keys, {@link ControlPlaneEnvironment} writes them (the CDK stack, the sandbox, the bench, the tests),
 * and {@link ControlPlane} checks a function's requirements when it starts. The names appear nowhere else.
 */
public enum EnvKey {

    AWS_REGION(Provider.LAMBDA, Need.requiredByEvery(), "the function's region"),
    REQUESTS_TABLE(Provider.STACK, Need.requiredByEvery(), "the requests table (ARCHITECTURE §4)"),
    VERSIONS_TABLE(Provider.STACK, Need.requiredByEvery(), "the version log table"),
    AUDIT_TABLE(Provider.STACK, Need.requiredByEvery(), "the audit table"),
    BLOCKED_TABLE(Provider.STACK, Need.required(REQUEST_API, ALERT_INGEST).andReadBy(SLACK_INTERACTIONS),
            "the blocked-attempts table: attempts, digest state and the API callers seen at each source address;"
                    + " slack-interactions reads it for /egress blocked"),
    BLOCKED_RETENTION(Provider.OPTIONAL, Need.readBy(REQUEST_API, ALERT_INGEST),
            "ISO-8601 duration a blocked attempt (and a caller's source address) is kept (default P30D)"),
    DIGEST_INTERVAL(Provider.OPTIONAL, Need.readBy(ALERT_INGEST),
            "ISO-8601 duration: at most one digest of blocked attempts per person per interval (default PT1H)"),
    STUDIO_SUBNETS(Provider.STACK, Need.readBy(ALERT_INGEST),
            "subnet-id=d-domainid, …: the subnets in which each Studio domain (VpcOnly) runs its apps; a blocked"
                    + " attempt from an address of such a subnet is attributed at least to that domain. The stack"
                    + " knows it (it creates the domain in those subnets), so alert-ingest needs no SageMaker"
                    + " read to learn it"),
    EVENT_BUS_NAME(Provider.STACK, Need.requiredByEvery(), "the control-plane event bus"),
    POLICY_FILE(Provider.STACK, Need.requiredByEvery(),
            "the path of the approval policy file (approvers, quorum, durations; see PolicyParser); the stack ships"
                    + " it in a Lambda layer, because the policy can outgrow the 4 KB Lambda allows all variables"
                    + " of a function together"),
    POLICY(Provider.SANDBOX, Need.readByEvery(),
            "the approval policy text itself, instead of a file; \\n stands for a line break; refused when"
                    + " POLICY_FILE is also set"),
    SCOPES_FILE(Provider.OPTIONAL, Need.readByEvery(),
            "the path of the scopes file (ScopesParser: each scope's rule group, capacity, Studio domains, mode and"
                    + " policy file), shipped in the policy layer with the scopes' policy files; the stack sets it"
                    + " when context 'scopes' declares scopes; unset, the deployment has one scope, default, made of"
                    + " RULE_GROUP_ARN, RULE_GROUP_CAPACITY, the policy and STUDIO_DOMAIN_IDS"),
    RULE_GROUP_ARN(Provider.STACK, Need.required(REQUEST_API, SLACK_INTERACTIONS, FIREWALL_SYNC, STALE_CLEANUP,
            ALERT_INGEST),
            "the ARN of the domain-list rule group; the version log is named after it"),
    FIREWALL_NAME(Provider.STACK, Need.readBy(FIREWALL_SYNC, STALE_CLEANUP),
            "the firewall whose sync state firewall-sync waits for and whose analysis reports stale-cleanup reads"),
    RULE_GROUP_CAPACITY(Provider.STACK, Need.readBy(REQUEST_API, SLACK_INTERACTIONS),
            "the domain-list rule group's capacity (fixed when it is created; TLS_SNI and HTTP_HOST): new requests"
                    + " warn when the allow-list is full or nearly so"),
    DRIFT_MODE(Provider.STACK, Need.readBy(FIREWALL_SYNC), "ENFORCE (default) or ADOPT: what a drift leads to"),
    PENDING_TIMEOUT(Provider.OPTIONAL, Need.readBy(REQUEST_API, SLACK_INTERACTIONS, STALE_CLEANUP),
            "ISO-8601 duration a request may stay pending (default P7D)"),
    REMINDER_BEFORE(Provider.OPTIONAL, Need.readBy(STALE_CLEANUP),
            "ISO-8601 duration before expiry when the requester is reminded (default P3D)"),
    STALE_AFTER(Provider.OPTIONAL, Need.readBy(STALE_CLEANUP),
            "ISO-8601 duration without traffic after which an entry is stale (default P28D: shorter than the 30 days"
                    + " both traffic types' analysis reports cover together)"),
    STALE_ACTION(Provider.OPTIONAL, Need.readBy(STALE_CLEANUP), "FLAG (default) or REMOVE: what happens to stale entries"),
    STUDIO_DOMAIN_IDS(Provider.STACK, Need.readBy(REQUEST_API, STUDIO_GUARD),
            "comma-separated Studio domain ids: who is who in Studio, and which domains the guard checks"),
    PROTECTED_SUBNET_IDS(Provider.STACK, Need.required(STUDIO_GUARD), "comma-separated subnets whose traffic routes"
            + " through the firewall (without them every domain would be reported)"),
    VPC_ID(Provider.STACK, Need.readBy(STUDIO_GUARD), "the protected VPC, whose route tables and endpoints the guard"
            + " checks (without it the guard checks the Studio domains only)"),
    FIREWALL_PLACEMENT(Provider.STACK, Need.readBy(STUDIO_GUARD), "firewall-first (default) or nat-first: where the"
            + " protected subnets' default route must lead (the firewall's endpoint, or a NAT gateway before it)"),
    FIREWALL_ENDPOINT_IDS(Provider.STACK, Need.readBy(STUDIO_GUARD), "comma-separated ids of the firewall's endpoints"
            + " (vpce-…), one per zone: the targets of the protected subnets' default route (firewall-first)"),
    DEFAULT_POLICY_ENDPOINT_SERVICES(Provider.STACK, Need.readBy(STUDIO_GUARD), "comma-separated service names of the"
            + " VPC endpoints the network leaves with the default policy on purpose (SageMaker notebook and studio);"
            + " {region} stands for the function's region"),
    SLACK_CHANNEL_ID(Provider.STACK, Need.readByEvery().andRequiredBy(SLACK_INTERACTIONS),
            "the approvals channel; needed by every function that tells people through Slack"),
    SLACK_API_URL(Provider.OPTIONAL, Need.readByEvery(), "the Slack Web API base URL (default https://slack.com/api/)"),
    SLACK_SIGNING_SECRET_ARN(Provider.STACK, Need.required(SLACK_INTERACTIONS),
            "the Secrets Manager secret holding Slack's signing secret"),
    SLACK_BOT_TOKEN_ARN(Provider.STACK, Need.readByEvery().andRequiredBy(SLACK_INTERACTIONS),
            "the Secrets Manager secret holding the Slack bot token; needed by every function that tells people"
                    + " through Slack"),
    SLACK_SIGNING_SECRET(Provider.SANDBOX, Need.readBy(SLACK_INTERACTIONS),
            "the signing secret itself, instead of its ARN; refused when the ARN is also set"),
    SLACK_BOT_TOKEN(Provider.SANDBOX, Need.readByEvery(),
            "the bot token itself, instead of its ARN; refused when the ARN is also set"),
    IDENTITY_LINKS(Provider.OPTIONAL, Need.readBy(REQUEST_API, SLACK_INTERACTIONS),
            "principal-or-profile=SlackUserId, …: who is who in Slack (slack-interactions: whose blocked attempts"
                    + " /egress blocked shows)"),
    OPERATOR_PRINCIPALS(Provider.OPTIONAL, Need.readBy(REQUEST_API),
            "comma-separated IAM user or role ARNs who read the audit trail besides the approvers (a session of a"
                    + " listed role counts); the stack sets it from the context value operatorPrincipals"),
    ENDPOINT_DYNAMODB(Provider.SANDBOX, Need.readByEvery(), "the DynamoDB endpoint (dynalite)"),
    ENDPOINT_AWS(Provider.SANDBOX, Need.readByEvery(), "the endpoint of the other AWS services (the emulators)"),
    /** Read by the JVM, not by {@link ControlPlaneConfig}: C1-only compilation shortens cold starts. */
    JAVA_TOOL_OPTIONS(Provider.STACK, Need.readByEvery(), "the JVM flags of the Lambda runtime");

    /** Who sets a variable. */
    public enum Provider {
        /** The Lambda runtime, for every function. */
        LAMBDA,
        /** The CDK stack, for each function that reads it. */
        STACK,
        /** Nobody by default: the function falls back to a default; set it to override. */
        OPTIONAL,
        /** The sandbox, the bench and the tests only: local endpoints and secrets given as values. */
        SANDBOX
    }

    /** The functions that read a variable, and those of them that refuse to start without it. */
    record Need(Set<String> readBy, Set<String> requiredBy) {
        Need {
            readBy = Set.copyOf(readBy);
            requiredBy = Set.copyOf(requiredBy);
        }

        static Need readBy(String... functions) {
            return new Need(Set.of(functions), Set.of());
        }

        static Need required(String... functions) {
            return new Need(Set.of(functions), Set.of(functions));
        }

        static Need readByEvery() {
            return new Need(Set.copyOf(FunctionNames.ALL), Set.of());
        }

        static Need requiredByEvery() {
            return new Need(Set.copyOf(FunctionNames.ALL), Set.copyOf(FunctionNames.ALL));
        }

        Need andRequiredBy(String... functions) {
            return new Need(readBy, Set.of(functions));
        }

        Need andReadBy(String... functions) {
            Set<String> more = new java.util.HashSet<>(readBy);
            more.addAll(Set.of(functions));
            return new Need(more, requiredBy);
        }
    }

    private final Provider provider;
    private final Need need;
    private final String meaning;

    EnvKey(Provider provider, Need need, String meaning) {
        this.provider = provider;
        this.need = need;
        this.meaning = meaning;
    }

    public Provider provider() {
        return provider;
    }

    public String meaning() {
        return meaning;
    }

    public boolean isReadBy(String function) {
        return need.readBy().contains(function);
    }

    public boolean isRequiredBy(String function) {
        return need.requiredBy().contains(function);
    }

    /** Required by all six functions: {@link ControlPlaneConfig} refuses to read an environment without it. */
    public boolean isRequiredByEveryFunction() {
        return need.requiredBy().containsAll(FunctionNames.ALL);
    }

    /**
     * The sandbox's form of a value that AWS gives by reference: a secret by ARN ({@code SLACK_BOT_TOKEN} for
     * {@code SLACK_BOT_TOKEN_ARN}), the policy by file ({@code POLICY} for {@code POLICY_FILE}).
     */
    public Optional<EnvKey> inlineForm() {
        return switch (this) {
            case SLACK_SIGNING_SECRET_ARN -> Optional.of(SLACK_SIGNING_SECRET);
            case SLACK_BOT_TOKEN_ARN -> Optional.of(SLACK_BOT_TOKEN);
            case POLICY_FILE -> Optional.of(POLICY);
            default -> Optional.empty();
        };
    }

    /** The variables {@code function} reads. */
    public static List<EnvKey> readBy(String function) {
        return Arrays.stream(values()).filter(key -> key.isReadBy(function)).toList();
    }

    /** The variables the CDK stack sets for {@code function}: exactly those it reads that the stack provides. */
    public static List<EnvKey> setByStackFor(String function) {
        return readBy(function).stream().filter(key -> key.provider == Provider.STACK).toList();
    }

    /**
     * What {@code function} lacks among the variables it cannot start without, one sentence each; {@code given}
     * holds the variables that were set. A secret counts as set in its sandbox form too.
     */
    public static List<String> missingFor(String function, Set<EnvKey> given) {
        return Arrays.stream(values())
                .filter(key -> key.isRequiredBy(function))
                .filter(key -> !given.contains(key) && key.inlineForm().map(inline -> !given.contains(inline)).orElse(true))
                .map(key -> key.name() + key.inlineForm().map(inline -> " (" + inline.name() + " in the sandbox)").orElse("")
                        + " is required by " + function + ": " + key.meaning)
                .toList();
    }
}
