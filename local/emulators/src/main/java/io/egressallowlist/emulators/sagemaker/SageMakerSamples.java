package io.egressallowlist.emulators.sagemaker;

import java.time.Instant;
import java.util.List;

/**
 * A small, realistic Studio estate for tests and the sandbox: one {@code VpcOnly} domain (the one the
 * allow-list protects) and one {@code PublicInternetOnly} domain, each with user profiles that have or
 * lack their own execution role.
 */
public final class SageMakerSamples {

    public static final String ACCOUNT_ID = "123456789012";

    public static final String VPC_ONLY_DOMAIN_ID = "d-vpconly0sample1";
    public static final String VPC_ONLY_DOMAIN_NAME = "studio-vpc-only";
    public static final String VPC_ID = "vpc-0a1b2c3d4e5f60718";
    public static final List<String> VPC_ONLY_SUBNETS =
            List.of("subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88");
    public static final String DEFAULT_EXECUTION_ROLE =
            "arn:aws:iam::" + ACCOUNT_ID + ":role/service-role/StudioDefaultExecutionRole";

    public static final String PUBLIC_DOMAIN_ID = "d-public0sample2";
    public static final String PUBLIC_DOMAIN_NAME = "studio-public";
    public static final String PUBLIC_DOMAIN_EXECUTION_ROLE =
            "arn:aws:iam::" + ACCOUNT_ID + ":role/service-role/StudioPublicExecutionRole";

    /** VpcOnly domain; has its own role. */
    public static final String DATA_SCIENTIST = "alice-data-scientist";
    public static final String DATA_SCIENTIST_ROLE =
            "arn:aws:iam::" + ACCOUNT_ID + ":role/service-role/AliceStudioExecutionRole";
    /** VpcOnly domain; inherits the domain's default role. */
    public static final String ANALYST = "bob-analyst";
    /** PublicInternetOnly domain; inherits that domain's default role. */
    public static final String EXPERIMENTER = "carol-experimenter";

    private static final Instant CREATED = Instant.parse("2025-03-01T09:00:00Z");

    private SageMakerSamples() {
    }

    /** Adds (or restores) the sample domains and profiles in {@code emulator}. */
    public static void seed(SageMakerEmulator emulator) {
        emulator.putDomain(StudioDomain.vpcOnly(VPC_ONLY_DOMAIN_ID, VPC_ONLY_DOMAIN_NAME, VPC_ID, VPC_ONLY_SUBNETS,
                        DEFAULT_EXECUTION_ROLE, CREATED)
                .withSecurityGroupIds(List.of("sg-0123456789abcdef0"), CREATED));
        emulator.putDomain(StudioDomain.publicInternetOnly(PUBLIC_DOMAIN_ID, PUBLIC_DOMAIN_NAME, VPC_ID,
                VPC_ONLY_SUBNETS, PUBLIC_DOMAIN_EXECUTION_ROLE, CREATED.plusSeconds(60)));
        emulator.putUserProfile(StudioUserProfile.of(VPC_ONLY_DOMAIN_ID, DATA_SCIENTIST, DATA_SCIENTIST_ROLE,
                CREATED.plusSeconds(120)));
        emulator.putUserProfile(StudioUserProfile.of(VPC_ONLY_DOMAIN_ID, ANALYST, null, CREATED.plusSeconds(180)));
        emulator.putUserProfile(StudioUserProfile.of(PUBLIC_DOMAIN_ID, EXPERIMENTER, null, CREATED.plusSeconds(240)));
    }
}
