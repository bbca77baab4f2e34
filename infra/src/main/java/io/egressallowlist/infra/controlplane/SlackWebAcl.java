package io.egressallowlist.infra.controlplane;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * An AWS WAF web ACL on the public Slack stage, so a flood from a few addresses is blocked before it
 * reaches API Gateway's stage throttle, which is shared with Slack's genuine calls (a throttled
 * approval click is lost: Slack does not retry interactions).
 *
 * <ul>
 *   <li>Rate-based rule: an address sending more than {@link #REQUESTS_PER_ADDRESS} requests in
 *       {@link #WINDOW_SECONDS} seconds is blocked while it stays above that rate (AWS WAF rate-based
 *       rule statement, aggregated by source IP).</li>
 *   <li>Body size: a body over {@link #MAX_BODY_BYTES} is blocked. AWS WAF inspects the body only up to
 *       the association's inspection limit, so the limit is raised to the same size and an oversize body
 *       counts as a match ({@code OversizeHandling MATCH}). Slack's interaction payloads for this app's
 *       messages and forms are a few kilobytes; the limit is far above them.</li>
 * </ul>
 */
public final class SlackWebAcl extends Construct {

    static final int REQUESTS_PER_ADDRESS = 300;
    static final int WINDOW_SECONDS = 300;
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The association's body inspection limit for API Gateway; must not be below {@link #MAX_BODY_BYTES}. */
    static final String INSPECTION_LIMIT = "KB_64";

    private final CfnWebACL webAcl;

    public SlackWebAcl(Construct scope, String id, RestApi api) {
        super(scope, id);
        String metricPrefix = "EgressAllowlistSlack";
        webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .scope("REGIONAL")
                .description("Slack interactivity route: per-address rate limit and body size limit")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .associationConfig(CfnWebACL.AssociationConfigProperty.builder()
                        .requestBody(Map.of("API_GATEWAY", CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty
                                .builder().defaultSizeInspectionLimit(INSPECTION_LIMIT).build()))
                        .build())
                .visibilityConfig(visibility(metricPrefix))
                .rules(List.of(
                        block("RateLimitPerAddress", 0, metricPrefix, CfnWebACL.StatementProperty.builder()
                                .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                        .aggregateKeyType("IP")
                                        .limit(REQUESTS_PER_ADDRESS)
                                        .evaluationWindowSec(WINDOW_SECONDS)
                                        .build())
                                .build()),
                        block("BodyOverLimit", 1, metricPrefix, CfnWebACL.StatementProperty.builder()
                                .sizeConstraintStatement(CfnWebACL.SizeConstraintStatementProperty.builder()
                                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                                .body(CfnWebACL.BodyProperty.builder().oversizeHandling("MATCH").build())
                                                .build())
                                        .comparisonOperator("GT")
                                        .size(MAX_BODY_BYTES)
                                        .textTransformations(List.of(CfnWebACL.TextTransformationProperty.builder()
                                                .priority(0).type("NONE").build()))
                                        .build())
                                .build())))
                .build();
        CfnWebACLAssociation.Builder.create(this, "Association")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(webAcl.getAttrArn())
                .build();
    }

    private static CfnWebACL.RuleProperty block(String name, int priority, String metricPrefix,
                                                CfnWebACL.StatementProperty statement) {
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(statement)
                .action(CfnWebACL.RuleActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility(metricPrefix + name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metric)
                .sampledRequestsEnabled(true)
                .build();
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }
}
