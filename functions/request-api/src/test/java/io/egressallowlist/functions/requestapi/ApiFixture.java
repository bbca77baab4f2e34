package io.egressallowlist.functions.requestapi;

import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.testing.LocalEnvironment;
import io.egressallowlist.shared.notify.RecordingNotifier;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The function wired as in AWS, but local: dynalite (fresh tables per fixture) and the SageMaker and
 * EventBridge emulators behind real SDK clients, configured through {@code ENDPOINT_*} like the sandbox.
 */
final class ApiFixture implements AutoCloseable {

    static final String ACCOUNT = SageMakerSamples.ACCOUNT_ID;
    static final String BUS = "egress-allowlist";
    static final String RULE_GROUP_ARN = "arn:aws:network-firewall:us-east-1:" + ACCOUNT + ":stateful-rulegroup/studio-egress";
    /** Studio user with her own execution role; her session is named after her profile. */
    static final String ALICE = "arn:aws:sts::" + ACCOUNT + ":assumed-role/AliceStudioExecutionRole/"
            + SageMakerSamples.DATA_SCIENTIST;
    /** Studio user inheriting the domain's default execution role. */
    static final String BOB = "arn:aws:sts::" + ACCOUNT + ":assumed-role/StudioDefaultExecutionRole/"
            + SageMakerSamples.ANALYST;
    /** Not Studio: an IAM user. */
    static final String OPERATOR = "arn:aws:iam::" + ACCOUNT + ":user/operator";
    static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVE1
            auto-approve     = .pypi.org
            deny paste-sites = .pastebin.com ; Paste sites are an exfiltration channel
            """;
    static final List<String> BASELINE = List.of(".amazonaws.com", ".example.com", "github.com");

    private static final ObjectMapper JSON = new ObjectMapper();

    final SageMakerEmulator sageMaker = SageMakerEmulator.withSampleStudio();
    final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    final AwsJsonServer aws;
    final TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("api"));
    final DynamoRequestStore requests;
    final DynamoVersionLog versions;
    final DynamoAuditTrail audit;
    final RecordingNotifier notifier = new RecordingNotifier();
    final ControlPlaneEnvironment env;
    private final DynamoDbClient dynamo;
    private final Instant start = Instant.now();
    private RequestApiHandler handler;

    ApiFixture(Dynalite dynalite, DynamoDbClient dynamo) {
        try {
            aws = AwsJsonServer.start(0, sageMaker, eventBridge);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.dynamo = dynamo;
        eventBridge.createEventBus(BUS);
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests());
        versions = new DynamoVersionLog(dynamo, tables.versions(), "studio-egress");
        audit = new DynamoAuditTrail(dynamo, tables.audit());
        env = LocalEnvironment.of(tables, BUS, dynalite.endpoint(), aws.endpoint())
                .ruleGroupArn(RULE_GROUP_ARN)
                .policy(POLICY)
                .studioDomainIds(List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID))
                .identityLinks(Map.of(SageMakerSamples.DATA_SCIENTIST, "U0ALICE001", OPERATOR, "U0OPER0001"));
    }

    /** The scopes {@link #withScopes} declares: research (Alice and Bob's Studio domain), risk (Carol's), global. */
    static final String SCOPES = """
            scope global
            rule-group     = arn:aws:network-firewall:us-east-1:%1$s:stateful-rulegroup/egress-global
            capacity       = 400
            policy         = global.policy

            scope research
            rule-group     = %2$s
            capacity       = 2000
            studio-domains = %3$s
            policy         = research.policy

            scope risk
            rule-group     = arn:aws:network-firewall:us-east-1:%1$s:stateful-rulegroup/egress-risk
            capacity       = 1000
            studio-domains = %4$s
            mode           = learn
            policy         = risk.policy
            """;
    /** Carol: Studio user of the public domain, served by the scope risk in {@link #withScopes}. */
    static final String CAROL = "arn:aws:sts::" + ACCOUNT + ":assumed-role/StudioPublicExecutionRole/"
            + SageMakerSamples.EXPERIMENTER;

    /**
     * Declares the scopes {@link #SCOPES} in {@code dir} (research's rule group is {@link #RULE_GROUP_ARN}, so
     * {@link #versions} is its log); approvers: U0APPROVE1 for research, U0RISK0001 for risk, U0GLOBAL1 for global.
     */
    ApiFixture withScopes(java.nio.file.Path dir) {
        try {
            java.nio.file.Files.writeString(dir.resolve("scopes.txt"), SCOPES.formatted(ACCOUNT, RULE_GROUP_ARN,
                    SageMakerSamples.VPC_ONLY_DOMAIN_ID, SageMakerSamples.PUBLIC_DOMAIN_ID));
            java.nio.file.Files.writeString(dir.resolve("research.policy"), POLICY);
            java.nio.file.Files.writeString(dir.resolve("risk.policy"), POLICY.replace("U0APPROVE1", "U0RISK0001"));
            java.nio.file.Files.writeString(dir.resolve("global.policy"), POLICY.replace("U0APPROVE1", "U0GLOBAL1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.scopesFile(dir.resolve("scopes.txt").toString()).studioDomainIds(List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID,
                SageMakerSamples.PUBLIC_DOMAIN_ID));
        return this;
    }

    /** The version log of the rule group named {@code ruleGroupName} (a scope's). */
    DynamoVersionLog log(String ruleGroupName) {
        return new DynamoVersionLog(dynamo, tables.versions(), ruleGroupName);
    }

    /** Appends version {@code number} over {@code targets} to {@code log}, applied, in {@code mode}. */
    AllowlistVersion applied(DynamoVersionLog log, long number, List<String> targets,
                             io.egressallowlist.shared.domain.ScopeMode mode) {
        AllowlistVersion version = AllowlistVersion.create(number, number == 1 ? null : number - 1, targets,
                number == 1 ? VersionCause.baseline() : new VersionCause(VersionCause.Type.REQUESTS, List.of(), null,
                        null), "system:reconciler", start.plusSeconds(number), mode).markedApplied(start.plusSeconds(number));
        log.append(version);
        return version;
    }

    /** Appends version {@code number} over {@code targets}, applied. */
    AllowlistVersion applied(long number, List<String> targets) {
        AllowlistVersion version = AllowlistVersion.create(number, number == 1 ? null : number - 1, targets,
                number == 1 ? VersionCause.baseline() : new VersionCause(VersionCause.Type.REQUESTS, List.of(), null,
                        null), "system:reconciler", start.plusSeconds(number)).markedApplied(start.plusSeconds(number));
        versions.append(version);
        return version;
    }

    ApiFixture withBaseline() {
        applied(1, BASELINE);
        return this;
    }

    /** The handler, built on first use from {@link #env} (change it before). */
    RequestApiHandler handler() {
        if (handler == null) {
            handler = new RequestApiHandler(env.config(), notifier);
        }
        return handler;
    }

    Response call(Call call) {
        return new Response(handler().handleRequest(call.event(), null));
    }

    List<AllowlistRequest> storedRequests() {
        return requests.listAll(null, 100, null).items();
    }

    List<AuditEvent> audit() {
        return audit.between(start.minusSeconds(60), Instant.now().plusSeconds(60));
    }

    List<PublishedEvent> published() {
        return eventBridge.published(BUS);
    }

    @Override
    public void close() {
        aws.close();
        eventBridge.close();
    }

    /** A proxy response with its body parsed. */
    record Response(APIGatewayProxyResponseEvent raw) {
        int status() {
            return raw.getStatusCode();
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.getBody());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return raw.getHeaders().get(name);
        }

        String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return raw.getStatusCode() + " " + raw.getBody();
        }
    }

    /**
     * Builds proxy events as API Gateway does (REST API, payload 1.0; aws-api-notes §3): both header
     * maps, the matched resource and its path parameters, requestContext with the IAM identity.
     */
    static final class Call {
        private static final List<String> RESOURCES = List.of("/requests", "/requests/{id}", "/requests/{id}/revoke",
                "/allowlist",
                "/allowlist/check", "/versions", "/versions/{number}", "/versions/{number}/diff/{other}",
                "/versions/{number}/rollback", "/blocked", "/audit", "/openapi.yaml", "/scopes", "/scopes/{name}/mode");

        private final APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        private final Map<String, List<String>> headers = new HashMap<>();
        private final Map<String, List<String>> query = new HashMap<>();
        private boolean pathOnly;

        private Call(String method, String path) {
            event.setHttpMethod(method);
            event.setPath(path);
            header("Host", "abc123.execute-api.us-east-1.amazonaws.com");
            header("User-Agent", "egress-cli/1.0");
            APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
            identity.setSourceIp("10.0.1.5");
            identity.setAccountId(ACCOUNT);
            identity.setUserAgent("egress-cli/1.0");
            APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
            context.setIdentity(identity);
            context.setRequestId("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
            context.setStage("prod");
            context.setPath("/prod" + path);
            context.setHttpMethod(method);
            context.setAccountId(ACCOUNT);
            event.setRequestContext(context);
            event.setIsBase64Encoded(false);
        }

        static Call get(String path) {
            return new Call("GET", path);
        }

        static Call post(String path) {
            return new Call("POST", path);
        }

        static Call delete(String path) {
            return new Call("DELETE", path);
        }

        static Call method(String method, String path) {
            return new Call(method, path);
        }

        Call as(String principal) {
            event.getRequestContext().getIdentity().setUserArn(principal);
            event.getRequestContext().getIdentity().setCaller("AROAEXAMPLE:" + principal.substring(principal.lastIndexOf('/') + 1));
            return this;
        }

        Call header(String name, String value) {
            headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            return this;
        }

        Call query(String name, String value) {
            query.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            return this;
        }

        Call json(String body) {
            return header("Content-Type", "application/json").body(body);
        }

        Call body(String body) {
            event.setBody(body);
            return this;
        }

        Call base64Body(byte[] bytes) {
            event.setBody(java.util.Base64.getEncoder().encodeToString(bytes));
            event.setIsBase64Encoded(true);
            return this;
        }

        /** As the local HTTP front sends it: only the path, no resource or path parameters. */
        Call pathOnly() {
            pathOnly = true;
            return this;
        }

        Call with(Consumer<APIGatewayProxyRequestEvent> change) {
            change.accept(event);
            return this;
        }

        APIGatewayProxyRequestEvent event() {
            Map<String, String> single = new HashMap<>();
            headers.forEach((name, values) -> single.put(name, values.get(values.size() - 1)));
            event.setHeaders(single);
            event.setMultiValueHeaders(new HashMap<>(headers));
            if (!query.isEmpty()) {
                Map<String, String> singleQuery = new HashMap<>();
                query.forEach((name, values) -> singleQuery.put(name, values.get(values.size() - 1)));
                event.setQueryStringParameters(singleQuery);
                event.setMultiValueQueryStringParameters(new HashMap<>(query));
            }
            if (!pathOnly) {
                resourceOf(event.getPath()).ifPresent(resource -> {
                    event.setResource(resource.getKey());
                    event.setPathParameters(resource.getValue().isEmpty() ? null : resource.getValue());
                });
            }
            return event;
        }

        private static java.util.Optional<Map.Entry<String, Map<String, String>>> resourceOf(String path) {
            String[] actual = path.substring(1).split("/", -1);
            for (String resource : RESOURCES) {
                String[] template = resource.substring(1).split("/");
                if (template.length != actual.length) {
                    continue;
                }
                Map<String, String> parameters = new HashMap<>();
                boolean matches = true;
                for (int i = 0; i < template.length && matches; i++) {
                    if (template[i].startsWith("{")) {
                        parameters.put(template[i].substring(1, template[i].length() - 1), actual[i]);
                    } else {
                        matches = template[i].equals(actual[i]);
                    }
                }
                if (matches) {
                    return java.util.Optional.of(Map.entry(resource, parameters));
                }
            }
            return java.util.Optional.empty();
        }
    }
}
