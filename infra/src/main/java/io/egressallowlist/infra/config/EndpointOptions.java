package io.egressallowlist.infra.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How the VPC's service endpoints behave.
 *
 * @param executeApiPrivateDns whether the execute-api endpoint gets private DNS ({@code executeApiPrivateDns},
 *                             default {@code false}). With private DNS every {@code *.execute-api.<region>.amazonaws.com}
 *                             name resolves to the endpoint inside the VPC, which serves private APIs only, so
 *                             public API Gateway APIs a team has allow-listed become unreachable from Studio. Without
 *                             it the request API is called by its endpoint-specific name
 *                             {@code <api-id>-<vpce-id>.execute-api.<region>.amazonaws.com}, and public APIs go out
 *                             through the firewall like any other domain.
 * @param ecrImageAccounts     AWS accounts besides this one whose ECR repositories Studio may pull from through
 *                             the ECR endpoints ({@code ecrImageAccounts}): the accounts hosting the SageMaker and
 *                             Deep Learning Containers images used, which differ by region
 */
public record EndpointOptions(boolean executeApiPrivateDns, List<String> ecrImageAccounts) {

    public static final String PRIVATE_DNS_KEY = "executeApiPrivateDns";
    public static final String ECR_ACCOUNTS_KEY = "ecrImageAccounts";
    /**
     * The AWS Deep Learning Containers account of most commercial regions ("Available Deep Learning
     * Containers Images"); set {@code ecrImageAccounts} for other regions or for SageMaker's own image accounts.
     */
    public static final List<String> DEFAULT_ECR_IMAGE_ACCOUNTS = List.of("763104351884");

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public EndpointOptions {
        ecrImageAccounts = List.copyOf(ecrImageAccounts);
        for (String account : ecrImageAccounts) {
            if (!ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException(ECR_ACCOUNTS_KEY + ": '" + account + "' is not a 12-digit AWS account id.");
            }
        }
    }

    public static EndpointOptions defaults() {
        return new EndpointOptions(false, DEFAULT_ECR_IMAGE_ACCOUNTS);
    }

    public static EndpointOptions from(ContextValues context) {
        return new EndpointOptions(context.bool(PRIVATE_DNS_KEY, false),
                context.list(ECR_ACCOUNTS_KEY, DEFAULT_ECR_IMAGE_ACCOUNTS));
    }

    public EndpointOptions withExecuteApiPrivateDns(boolean enabled) {
        return new EndpointOptions(enabled, ecrImageAccounts);
    }
}
