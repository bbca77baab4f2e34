package io.egressallowlist.infra.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The policies of the VPC's endpoints. Traffic to AWS services does not pass the firewall, so without them
 * the endpoints are a way around the allow-list: any bucket of the region through the S3 gateway endpoint,
 * another account's resources or credentials through the interface endpoints. A VPC endpoint policy is a
 * resource policy evaluated in addition to the caller's identity policy ("Control access to VPC endpoints
 * using endpoint policies", AWS PrivateLink guide).
 */
final class EndpointPolicies {

    /**
     * Interface endpoints left with the default policy: SageMaker's {@code notebook} and {@code studio}
     * endpoints carry the Studio UI and Jupyter traffic of presigned sessions, not signed API calls whose
     * principal a policy could name.
     */
    static final Set<String> WITHOUT_POLICY = Set.of("notebook", "studio");

    /** What pulling an image takes (Amazon ECR: "Private repository policy examples", pull actions). */
    static final List<String> ECR_PULL = List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
            "ecr:BatchCheckLayerAvailability", "ecr:DescribeImages", "ecr:DescribeRepositories");

    private EndpointPolicies() {
    }

    /**
     * The S3 gateway endpoint: the buckets of this account, for principals of this account, plus reading the
     * AWS-owned buckets Studio and ECR need:
     * <ul>
     *   <li>{@code prod-<region>-starport-layer-bucket}: ECR serves image layers from it through presigned
     *       URLs ("Minimum Amazon S3 bucket permissions for Amazon ECR", Amazon ECR user guide; the URLs are
     *       signed by ECR, so no principal condition applies to them);</li>
     *   <li>{@code jumpstart-cache-prod-<region>} and {@code jumpstart-private-cache-prod-<region>}: the model
     *       and notebook artifacts of SageMaker JumpStart, which Studio offers ("SageMaker JumpStart ... in a
     *       VPC without internet access" needs S3 access to them).</li>
     * </ul>
     */
    static PolicyDocument s3Gateway() {
        return PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create()
                        .sid("BucketsOfThisAccount")
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:*"))
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", Map.of(
                                "aws:ResourceAccount", Aws.ACCOUNT_ID,
                                "aws:PrincipalAccount", Aws.ACCOUNT_ID)))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("AwsOwnedBucketsOfEcrAndStudio")
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(
                                "arn:" + Aws.PARTITION + ":s3:::prod-" + Aws.REGION + "-starport-layer-bucket/*",
                                "arn:" + Aws.PARTITION + ":s3:::jumpstart-cache-prod-" + Aws.REGION + "/*",
                                "arn:" + Aws.PARTITION + ":s3:::jumpstart-private-cache-prod-" + Aws.REGION + "/*"))
                        .build()))
                .build();
    }

    /** The policy of interface endpoint {@code suffix}, or none for {@link #WITHOUT_POLICY}. */
    static Optional<PolicyDocument> interfaceEndpoint(String suffix, List<String> ecrImageAccounts) {
        if (WITHOUT_POLICY.contains(suffix)) {
            return Optional.empty();
        }
        List<PolicyStatement> statements = switch (suffix) {
            case "ecr.api", "ecr.dkr" -> ecr(ecrImageAccounts);
            case "sts" -> List.of(principalsOfThisAccount(), noRolesOfOtherAccounts());
            default -> List.of(principalsOfThisAccount());
        };
        return Optional.of(PolicyDocument.Builder.create().statements(statements).build());
    }

    /** Callers authenticated as principals of this account only: no other account's credentials. */
    private static PolicyStatement principalsOfThisAccount() {
        return PolicyStatement.Builder.create()
                .sid("PrincipalsOfThisAccount")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", Aws.ACCOUNT_ID)))
                .build();
    }

    /** STS: no credentials of another account's roles (the role is the resource of AssumeRole). */
    private static PolicyStatement noRolesOfOtherAccounts() {
        return PolicyStatement.Builder.create()
                .sid("NoRolesOfOtherAccounts")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of("*"))
                .conditions(Map.of("StringNotEquals", Map.of("aws:ResourceAccount", Aws.ACCOUNT_ID)))
                .build();
    }

    /**
     * ECR: every action on this account's repositories, pulling from the configured image accounts (SageMaker
     * and Deep Learning Containers images), the registry token; nothing from any other registry.
     */
    private static List<PolicyStatement> ecr(List<String> imageAccounts) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create()
                .sid("AuthorizationToken")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("ecr:GetAuthorizationToken"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", Aws.ACCOUNT_ID)))
                .build());
        statements.add(PolicyStatement.Builder.create()
                .sid("RepositoriesOfThisAccount")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("ecr:*"))
                .resources(List.of(repositories(Aws.ACCOUNT_ID)))
                .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", Aws.ACCOUNT_ID)))
                .build());
        if (!imageAccounts.isEmpty()) {
            statements.add(PolicyStatement.Builder.create()
                    .sid("PullFromImageAccounts")
                    .principals(List.of(new AnyPrincipal()))
                    .actions(ECR_PULL)
                    .resources(imageAccounts.stream().map(EndpointPolicies::repositories).toList())
                    .conditions(Map.of("StringEquals", Map.of("aws:PrincipalAccount", Aws.ACCOUNT_ID)))
                    .build());
        }
        return statements;
    }

    private static String repositories(String account) {
        return "arn:" + Aws.PARTITION + ":ecr:" + Aws.REGION + ":" + account + ":repository/*";
    }
}
