package io.egressallowlist.infra.common;

import java.util.Arrays;
import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.constructs.IConstruct;

/** cdk-nag suppressions, each with its reason, on the construct it concerns and its children. */
public final class Nag {

    private Nag() {
    }

    /** A log group's own streams: {@code …:log-group:<name>:*} of a group created in this stack. */
    public static final String LOG_STREAMS_OF_ONE_GROUP =
            "^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<[A-Za-z0-9]+>:\\*$";
    public static final String LOG_STREAMS_REASON = "The streams of this one log group: their names are chosen "
            + "at run time by the service writing them (Lambda, VPC Flow Logs).";

    public static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /**
     * Suppresses only the findings whose subject matches one of the regular expressions, e.g. one
     * wildcard resource of an IAM5 finding, so a new wildcard elsewhere still fails.
     */
    public static void suppress(IConstruct construct, String rule, String reason, String... appliesToRegex) {
        List<Object> appliesTo = Arrays.stream(appliesToRegex)
                .<Object>map(regex -> RegexAppliesTo.builder().regex("/" + regex + "/").build())
                .toList();
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).appliesTo(appliesTo).build()), true);
    }
}
