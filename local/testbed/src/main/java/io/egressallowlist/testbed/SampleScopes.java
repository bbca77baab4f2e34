package io.egressallowlist.testbed;

import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.ec2.NetworkInterface;
import io.egressallowlist.emulators.ec2.Subnet;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.sagemaker.StudioDomain;
import io.egressallowlist.emulators.sagemaker.StudioUserProfile;
import io.egressallowlist.shared.domain.ScopeName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Allow-lists per team in the sandbox: two team scopes, {@code risk} and {@code research}, each with its own
 * {@code VpcOnly} Studio domain in subnets of its own, a sample user with a running app, and approvers of its own;
 * {@code global}, kept by the platform's approvers, with the package mirrors every workload needs; and
 * {@code default}, the single allow-list of a deployment before scopes, serving the sample domains of
 * {@link SageMakerSamples} (Alice and Bob) as it did. {@link ScopedFirewall} seeds the rule groups and the policy;
 * {@link ScopesFile} writes the scopes file the functions read.
 */
public final class SampleScopes {

    public static final ScopeName RISK = ScopeName.of("risk");
    public static final ScopeName RESEARCH = ScopeName.of("research");

    /** The platform team: approvers of {@code global}, the only ones who may request entries there. */
    public static final List<Testbed.Person> PLATFORM_APPROVERS = List.of(
            new Testbed.Person("U0PLATFORM1", "pat.platform", "approver of global"),
            new Testbed.Person("U0PLATFORM2", "paz.platform", "approver of global"));
    /** The platform approver's IAM user, linked to their Slack user: an approver of global at the request API. */
    public static final String PLATFORM_APPROVER_ARN = "arn:aws:iam::" + SageMakerSamples.ACCOUNT_ID
            + ":user/pat.platform";

    /**
     * A team with its own allow-list.
     *
     * @param subnets    the team domain's subnets, one per zone: its rule group's {@code HOME_NET}
     * @param user       the sample user profile, whose Studio app runs at {@code appAddress}
     * @param approvers  who decides the team's requests
     */
    public record Team(ScopeName scope, String domainId, String ruleGroupName, int capacity, List<Subnet> subnets,
                       String user, String appAddress, String appInterface, Testbed.Person person,
                       List<Testbed.Person> approvers) {

        /** The domain's default execution role, which the sample user inherits. */
        public String executionRole() {
            return "arn:aws:iam::" + SageMakerSamples.ACCOUNT_ID + ":role/service-role/" + roleName();
        }

        /** The sample user's Studio session: the caller of the request API as that user. */
        public String userArn() {
            return "arn:aws:sts::" + SageMakerSamples.ACCOUNT_ID + ":assumed-role/" + roleName() + "/" + user;
        }

        public List<String> cidrs() {
            return subnets.stream().map(Subnet::cidrBlock).toList();
        }

        /** The first approver's IAM user, linked to their Slack user: an approver of the scope at the request API. */
        public String approverArn() {
            return "arn:aws:iam::" + SageMakerSamples.ACCOUNT_ID + ":user/" + approvers.get(0).name();
        }

        public List<String> approverIds() {
            return approvers.stream().map(Testbed.Person::slackId).toList();
        }

        private String roleName() {
            return Character.toUpperCase(scope.value().charAt(0)) + scope.value().substring(1) + "StudioExecutionRole";
        }
    }

    public static final Team RISK_TEAM = new Team(RISK, "d-risk0000sample3", "egress-risk", 5_000,
            List.of(new Subnet("subnet-0c1a0000000000c01", SageMakerSamples.VPC_ID, "us-east-1a", "10.0.128.0/20"),
                    new Subnet("subnet-0c1b0000000000c02", SageMakerSamples.VPC_ID, "us-east-1b", "10.0.144.0/20")),
            "rita", "10.0.129.17", "eni-0c15c0000000c0001",
            new Testbed.Person("U0RITA00001", "rita.risk", "requester in risk"),
            List.of(new Testbed.Person("U0RISKAPPR1", "rosa.risk-approver", "approver of risk"),
                    new Testbed.Person("U0RISKAPPR2", "rory.risk-approver", "approver of risk")));

    public static final Team RESEARCH_TEAM = new Team(RESEARCH, "d-research0sample4", "egress-research", 5_000,
            List.of(new Subnet("subnet-0d1a0000000000d01", SageMakerSamples.VPC_ID, "us-east-1a", "10.0.160.0/20"),
                    new Subnet("subnet-0d1b0000000000d02", SageMakerSamples.VPC_ID, "us-east-1b", "10.0.176.0/20")),
            "ravi", "10.0.161.40", "eni-0d15d0000000d0001",
            new Testbed.Person("U0RAVI00001", "ravi.research", "requester in research"),
            List.of(new Testbed.Person("U0RSRCHAPR1", "rhea.research-approver", "approver of research"),
                    new Testbed.Person("U0RSRCHAPR2", "remy.research-approver", "approver of research")));

    public static final List<Team> TEAMS = List.of(RISK_TEAM, RESEARCH_TEAM);

    private static final Instant CREATED = Instant.parse("2025-06-01T09:00:00Z");

    private SampleScopes() {
    }

    /** The teams' people and the platform approvers, who join the Slack stand-in beside {@link Testbed#PEOPLE}. */
    public static List<Testbed.Person> people() {
        List<Testbed.Person> people = new ArrayList<>();
        for (Team team : TEAMS) {
            people.addAll(team.approvers());
            people.add(team.person());
        }
        people.addAll(PLATFORM_APPROVERS);
        return List.copyOf(people);
    }

    public static Optional<Team> team(ScopeName scope) {
        return TEAMS.stream().filter(team -> team.scope().equals(scope)).findFirst();
    }

    /** The address of a team user's running Studio app. */
    public static Optional<String> appAddress(String userProfileName) {
        return TEAMS.stream().filter(team -> team.user().equals(userProfileName)).map(Team::appAddress).findFirst();
    }

    /**
     * Identities linked to Slack users: the team users' Studio profiles, each team's first approver's IAM user and the
     * platform approver's.
     */
    public static Map<String, String> identityLinks() {
        Map<String, String> links = new java.util.LinkedHashMap<>();
        for (Team team : TEAMS) {
            links.put(team.user(), team.person().slackId());
            links.put(team.approverArn(), team.approverIds().get(0));
        }
        links.put(PLATFORM_APPROVER_ARN, PLATFORM_APPROVERS.get(0).slackId());
        return links;
    }

    /** Every SageMaker subnet's CIDR (the sample domain's and the teams'): {@code global}'s {@code HOME_NET}. */
    public static List<String> everySageMakerCidr() {
        return Stream.concat(Stream.of(Ec2Samples.SUBNET_A, Ec2Samples.SUBNET_B),
                TEAMS.stream().flatMap(team -> team.subnets().stream())).map(Subnet::cidrBlock).toList();
    }

    /** Each team subnet's Studio domain, for {@code STUDIO_SUBNETS}. */
    public static Map<String, String> studioSubnets() {
        Map<String, String> subnets = new java.util.LinkedHashMap<>();
        TEAMS.forEach(team -> team.subnets().forEach(subnet -> subnets.put(subnet.subnetId(), team.domainId())));
        return subnets;
    }

    /** Adds the teams' Studio domains, users, subnets and running apps to the emulators. */
    public static void seedStudio(SageMakerEmulator sageMaker, Ec2Emulator ec2) {
        for (Team team : TEAMS) {
            List<String> subnetIds = team.subnets().stream().map(Subnet::subnetId).toList();
            sageMaker.putDomain(StudioDomain.vpcOnly(team.domainId(), "studio-" + team.scope(), SageMakerSamples.VPC_ID,
                    subnetIds, team.executionRole(), CREATED).withSecurityGroupIds(
                    List.of(Ec2Samples.STUDIO_SECURITY_GROUP), CREATED));
            sageMaker.putUserProfile(StudioUserProfile.of(team.domainId(), team.user(), null, CREATED.plusSeconds(60)));
            team.subnets().forEach(ec2::putSubnet);
            ec2.register(NetworkInterface.of(team.appInterface(), team.subnets().get(0), team.appAddress(),
                            Ec2Samples.studioAppDescription(team.domainId(),
                                    String.format("%032x", team.scope().value().hashCode() & 0xffffffffL)),
                            SageMakerSamples.ACCOUNT_ID)
                    .withRequester(Ec2Samples.SAGEMAKER_REQUESTER_ID, true)
                    .withSecurityGroups(List.of(Ec2Samples.STUDIO_SECURITY_GROUP)));
        }
    }
}
