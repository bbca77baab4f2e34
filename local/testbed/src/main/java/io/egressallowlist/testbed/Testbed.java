package io.egressallowlist.testbed;

import io.egressallowlist.emulators.cloudwatchlogs.LogSubscription;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.reconcile.DriftMode;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The control plane's surroundings on loopback, set up the same way for the sandbox and the bench: local AWS
 * ({@link LocalAws}: dynalite with the tables, the emulators seeded like a small deployment, the sample Studio
 * apps' network interfaces included), the firewall's ALERT log subscription ({@link #alertLog}), the
 * control-plane event bus, the Slack stand-in (its Web API with two approvers and Alice, and its users who click
 * and type signed commands), and {@link #environment the
 * environment} every function gets — what the CDK stack sets in AWS, pointed at loopback.
 *
 * @param slack     the Slack Web API the functions call, recording what they post
 * @param slackUser Slack's users, clicking and typing commands that arrive at {@link Settings#interactionsUrl()}
 *                  signed
 */
public record Testbed(LocalAws aws, SlackWebApiDouble slack, SlackUser slackUser, Settings settings)
        implements AutoCloseable {

    public static final String BUS = "egress-control-plane";
    public static final String CHANNEL = "C0APPROVALS";
    public static final String APPROVER_1 = "U0APPROVER1";
    public static final String APPROVER_2 = "U0APPROVER2";
    public static final String ALICE_SLACK = "U0ALICE0001";
    /** Alice's Studio execution role session: the caller of the request API when none is named. */
    public static final String ALICE_ARN = "arn:aws:sts::" + SageMakerSamples.ACCOUNT_ID
            + ":assumed-role/AliceStudioExecutionRole/" + SageMakerSamples.DATA_SCIENTIST;
    /** Bob's session of the domain's default Studio execution role. */
    public static final String BOB_ARN = "arn:aws:sts::" + SageMakerSamples.ACCOUNT_ID
            + ":assumed-role/StudioDefaultExecutionRole/" + SageMakerSamples.ANALYST;
    /** The first approver's IAM user, linked to their Slack user: an approver at the request API too. */
    public static final String APPROVER_1_ARN = "arn:aws:iam::" + SageMakerSamples.ACCOUNT_ID + ":user/priya.approver";
    /** The operators' IAM role ({@code OPERATOR_PRINCIPALS}): its sessions read the audit trail without Slack. */
    public static final String OPERATOR_ROLE_ARN = "arn:aws:iam::" + SageMakerSamples.ACCOUNT_ID
            + ":role/ops/EgressOperator";
    /** A session of the operators' role: the sample operator. */
    public static final String OPERATOR_ARN = "arn:aws:sts::" + SageMakerSamples.ACCOUNT_ID
            + ":assumed-role/EgressOperator/oscar.operator";

    /** The firewall's ALERT log group, which the alert log subscription reads (named by the stack in AWS). */
    public static final String ALERT_LOG_GROUP = "/aws/network-firewall/" + LocalAws.FIREWALL + "/alert";
    /** The subscription filter on the ALERT log group, named after the function it feeds. */
    public static final String ALERT_SUBSCRIPTION_FILTER = "alert-ingest";
    /** Log events per subscription delivery: CloudWatch hands a Lambda function many at once. */
    public static final int ALERT_EVENTS_PER_DELIVERY = 500;

    /** Someone in the Slack stand-in. */
    public record Person(String slackId, String name, String role) { }

    /** The people of the Slack stand-in: two approvers and Alice, who requests. */
    public static final List<Person> PEOPLE = List.of(
            new Person(APPROVER_1, "priya.approver", "approver"),
            new Person(APPROVER_2, "sam.approver", "approver"),
            new Person(ALICE_SLACK, "alice.scientist", "requester"));

    /**
     * Where things listen (port 0: a free one) and what differs between the sandbox and the bench.
     *
     * @param firewall        the Network Firewall emulator to host (the bench raises its rule group quota)
     * @param signingSecret   Slack's signing secret, shared by the stand-in's users (who sign) and the functions
     * @param interactionsUrl where the stand-in delivers clicks; {@code null} when nothing listens
     */
    public record Settings(int awsPort, int dynamoPort, NetworkFirewallEmulator firewall, String signingSecret,
                           String botToken, URI interactionsUrl) {
        public Settings {
            Objects.requireNonNull(firewall, "firewall");
            Objects.requireNonNull(signingSecret, "signingSecret");
            Objects.requireNonNull(botToken, "botToken");
        }
    }

    /** The single allow-list of a deployment without scopes: {@code default}, with the baseline. */
    public static Testbed start(Settings settings) throws IOException {
        return start(settings, LocalAws.full(settings.awsPort(), settings.dynamoPort(), settings.firewall()));
    }

    /**
     * Allow-lists per team ({@link SampleScopes}): {@code global} with the baseline, {@code default} for the sample
     * domains, {@code risk} and {@code research} with their own domains, users and approvers, who join the Slack
     * stand-in; the {@link #environment} names the scopes file.
     */
    public static Testbed startWithScopes(Settings settings) throws IOException {
        return start(settings, LocalAws.withScopes(settings.awsPort(), settings.dynamoPort(), settings.firewall()));
    }

    private static Testbed start(Settings settings, LocalAws aws) throws IOException {
        try {
            SlackWebApiDouble slack = SlackWebApiDouble.start(new SlackWebApiDouble.Settings(settings.botToken(), null, 0));
            people(aws).forEach(person -> slack.addUser(person.slackId(), person.name()));
            aws.eventBridge().createEventBus(BUS);
            return new Testbed(aws, slack, SlackUser.in(slack, settings.signingSecret(), settings.interactionsUrl()),
                    settings);
        } catch (IOException | RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    /**
     * The environment every function gets, with the approval policy {@code policy}: the tables, the bus, the
     * seeded rule group and firewall, the sample Studio domains, the stand-in's Slack, Alice's identity link,
     * and the local endpoints. A new one each time, to change before use.
     */
    public ControlPlaneEnvironment environment(String policy) {
        ControlPlaneEnvironment environment = ControlPlaneEnvironment.create()
                .region(LocalAws.REGION)
                .tables(LocalAws.TABLES)
                .eventBus(BUS)
                .policy(policy)
                .ruleGroupArn(aws.ruleGroupArn())
                .ruleGroupCapacity(FirewallSeed.SAMPLE_CAPACITY)
                .firewallName(LocalAws.FIREWALL)
                .driftMode(DriftMode.ENFORCE)
                .studioDomainIds(List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID, SageMakerSamples.PUBLIC_DOMAIN_ID))
                .studioSubnets(SageMakerSamples.VPC_ONLY_SUBNETS.stream()
                        .collect(Collectors.toMap(subnet -> subnet, subnet -> SageMakerSamples.VPC_ONLY_DOMAIN_ID)))
                .protectedSubnetIds(SageMakerSamples.VPC_ONLY_SUBNETS)
                // The sample VPC as the network stack deploys it (Ec2Samples): the guard finds nothing in it.
                .networkPosture(SageMakerSamples.VPC_ID, "firewall-first", Ec2Samples.FIREWALL_ENDPOINT_IDS,
                        Ec2Samples.DEFAULT_POLICY_SERVICES)
                .slackChannel(CHANNEL)
                .slackApiUrl(slack.apiUrl())
                .slackSecrets(settings.signingSecret(), settings.botToken())
                .identityLinks(Map.of(SageMakerSamples.DATA_SCIENTIST, ALICE_SLACK, APPROVER_1_ARN, APPROVER_1))
                .operatorPrincipals(List.of(OPERATOR_ROLE_ARN))
                .endpoints(aws.dynalite().endpoint(), aws.server().endpoint());
        return aws.scopes().isEmpty() ? environment : withScopes(environment, policy);
    }

    /**
     * The scopes file ({@link ScopesFile}, {@code policy} for {@code default} and, with their own approvers, for the
     * other scopes), every Studio domain, the teams' subnets and identity links beside the sample ones.
     */
    private ControlPlaneEnvironment withScopes(ControlPlaneEnvironment environment, String policy) {
        Map<String, String> subnets = new LinkedHashMap<>();
        SageMakerSamples.VPC_ONLY_SUBNETS.forEach(subnet -> subnets.put(subnet, SageMakerSamples.VPC_ONLY_DOMAIN_ID));
        subnets.putAll(SampleScopes.studioSubnets());
        Map<String, String> links = new LinkedHashMap<>(Map.of(SageMakerSamples.DATA_SCIENTIST, ALICE_SLACK,
                APPROVER_1_ARN, APPROVER_1));
        links.putAll(SampleScopes.identityLinks());
        List<String> domains = new ArrayList<>(List.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID, SageMakerSamples.PUBLIC_DOMAIN_ID));
        SampleScopes.TEAMS.forEach(team -> domains.add(team.domainId()));
        return environment.scopesFile(ScopesFile.write(aws.scopes(), policy).toString())
                .ruleGroupCapacity(ScopedFirewall.DEFAULT_CAPACITY)
                .studioDomainIds(domains)
                .studioSubnets(subnets)
                .identityLinks(links);
    }

    /** The people of the Slack stand-in: {@link #PEOPLE}, and with scopes the teams' and the platform approvers. */
    public List<Person> people() {
        return people(aws);
    }

    private static List<Person> people(LocalAws aws) {
        if (aws.scopes().isEmpty()) {
            return PEOPLE;
        }
        List<Person> people = new ArrayList<>(PEOPLE);
        people.addAll(SampleScopes.people());
        return List.copyOf(people);
    }

    /** The address of a sample or team user profile's running Studio app, if this testbed has it. */
    public Optional<String> appAddressOf(String userProfileName) {
        Optional<String> sample = appAddress(userProfileName);
        return sample.isPresent() || aws.scopes().isEmpty() ? sample : SampleScopes.appAddress(userProfileName);
    }

    /**
     * The subscription of the firewall's ALERT log in zone {@code availabilityZone}, delivering to
     * {@code subscriber} as CloudWatch Logs delivers to the alert-ingest function. Network Firewall writes one log
     * stream per endpoint; the stream's name here is the emulator's choice.
     */
    public LogSubscription alertLog(String availabilityZone, Consumer<String> subscriber) {
        return new LogSubscription(new LogSubscription.Settings(SageMakerSamples.ACCOUNT_ID, ALERT_LOG_GROUP,
                LocalAws.FIREWALL + "_alert_" + availabilityZone, ALERT_SUBSCRIPTION_FILTER, ALERT_EVENTS_PER_DELIVERY),
                subscriber, Clock.systemUTC());
    }

    /** The address of a sample user profile's running Studio app, if it has one. */
    public static Optional<String> appAddress(String userProfileName) {
        return Ec2Samples.appAddress(userProfileName);
    }

    public String signingSecret() {
        return settings.signingSecret();
    }

    public String botToken() {
        return settings.botToken();
    }

    @Override
    public void close() {
        slack.close();
        aws.close();
    }
}
