package io.egressallowlist.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.testbed.LocalAws;
import io.egressallowlist.testbed.Testbed;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The whole control plane's surroundings on loopback, set up like the sandbox's: the {@link Testbed} (dynalite
 * with the three tables, the emulators seeded like a small deployment, the control-plane bus, a Slack stand-in
 * with two approvers and Alice), with a Network Firewall emulator that holds many rule groups and fixed Slack
 * credentials the bench signs its clicks with. {@link #environment()} is the configuration every function
 * gets, as the CDK stack sets it in AWS.
 */
final class BenchPlane implements AutoCloseable {

    static final String BUS = Testbed.BUS;
    static final String APPROVER = Testbed.APPROVER_1;
    static final String ALICE_SLACK = Testbed.ALICE_SLACK;
    static final String ALICE_ARN = Testbed.ALICE_ARN;
    static final List<String> BASELINE = LocalAws.BASELINE;
    /** Fixed, made-up Slack credentials: the bench signs clicks with them; nothing here is a real secret. */
    static final String SIGNING_SECRET = "bench-signing-secret-not-a-secret";
    static final String BOT_TOKEN = "xoxb-bench-not-a-token";
    static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVER1, U0APPROVER2
            """;

    final Dynalite dynalite;
    final AwsJsonServer server;
    final EventBridgeEmulator eventBridge;
    final SlackWebApiDouble slack;
    final SlackUser slackUser;
    final TableNames tables = LocalAws.TABLES;
    private final Testbed testbed;

    private BenchPlane(Testbed testbed) {
        this.testbed = testbed;
        this.dynalite = testbed.aws().dynalite();
        this.server = testbed.aws().server();
        this.eventBridge = testbed.aws().eventBridge();
        this.slack = testbed.slack();
        this.slackUser = testbed.slackUser();
    }

    /** Starts everything; {@code interactionsUrl} is where the stand-in would deliver clicks (may be null). */
    static BenchPlane start(URI interactionsUrl) throws IOException {
        NetworkFirewallEmulator firewall = NetworkFirewallEmulator.builder()
                .ruleGroupQuota(EmulatorProcess.RULE_GROUP_QUOTA).build();
        return new BenchPlane(Testbed.start(new Testbed.Settings(0, 0, firewall, SIGNING_SECRET, BOT_TOKEN,
                interactionsUrl)));
    }

    /** What every function gets, pointed at loopback (as in the sandbox). */
    Map<String, String> environment() {
        return testbed.environment(POLICY).toMap();
    }

    /** Alice's submission of {@code domain} to the request API, as API Gateway hands it to the function. */
    static APIGatewayProxyRequestEvent submissionByAlice(String domain, String justification) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/requests")
                .withResource("/requests").withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"domain\":\"" + domain + "\",\"justification\":\"" + justification + "\"}")
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("bench")
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn(ALICE_ARN)));
    }

    /** The surroundings themselves: local AWS (the emulators, the EC2 emulator included), the Slack stand-in. */
    Testbed testbed() {
        return testbed;
    }

    List<String> liveTargets() {
        return testbed.aws().firewall().targets(LocalAws.RULE_GROUP);
    }

    @Override
    public void close() {
        testbed.close();
    }
}
