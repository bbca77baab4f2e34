package io.egressallowlist.shared.guard;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.shared.domain.NetworkPosture;
import io.egressallowlist.shared.domain.NetworkPosture.PolicyAccess;
import io.egressallowlist.shared.domain.NetworkPosture.Route;
import io.egressallowlist.shared.domain.NetworkPosture.RouteTable;
import io.egressallowlist.shared.domain.NetworkPosture.VpcEndpoint;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryNetworkPosture;
import io.egressallowlist.shared.testing.memory.RecordingEventPublisher;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The posture guard on the in-memory network, audit trail, publisher and notifier. */
class PostureGuardTest {

    private static final String VPC = "vpc-0abc1234";
    private static final String SUBNET_A = "subnet-0aaa1111";
    private static final String SUBNET_B = "subnet-0bbb2222";
    private static final String ENDPOINT_A = "vpce-0f1a0000000000a01";
    private static final String ENDPOINT_B = "vpce-0f1b0000000000b02";
    private static final String NOTEBOOK = "aws.sagemaker.us-east-1.notebook";

    private final InMemoryNetworkPosture network = new InMemoryNetworkPosture()
            .put(VPC, table("rtb-0a11ce50000000001", SUBNET_A, ENDPOINT_A))
            .put(VPC, table("rtb-0a11ce50000000002", SUBNET_B, ENDPOINT_B))
            .put(VPC, new VpcEndpoint("vpce-0a000000000000001", NOTEBOOK, "Interface", PolicyAccess.FULL_ACCESS))
            .put(VPC, new VpcEndpoint(ENDPOINT_A, "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e", "GatewayLoadBalancer",
                    PolicyAccess.NO_POLICY));
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private Instant now = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void aNetworkAsDeployedHasNoFinding() {
        assertThat(guard().check()).isEmpty();
        assertThat(notifier.posture).isEmpty();
        assertThat(events.published()).isEmpty();
    }

    @Test
    void aFindingIsToldAndPublishedOnceADayWhileItStaysTheSame() {
        network.put(VPC, table("rtb-0a11ce50000000002", SUBNET_B, "igw-0123456789abcdef0"));

        List<PostureGuard.Finding> first = guard().check();
        now = now.plus(Duration.ofHours(1));
        List<PostureGuard.Finding> later = guard().check();
        now = now.plus(Duration.ofDays(1));
        List<PostureGuard.Finding> nextDay = guard().check();

        assertThat(first).singleElement().satisfies(f -> {
            assertThat(f.reported()).isTrue();
            assertThat(f.problem().reason()).isEqualTo(NetworkPostureCheck.Reason.DEFAULT_ROUTE_BYPASSES_FIREWALL);
            assertThat(f.problem().resourceId()).isEqualTo(SUBNET_B);
        });
        assertThat(later).singleElement().satisfies(f -> assertThat(f.reported()).isFalse());
        assertThat(nextDay).singleElement().satisfies(f -> assertThat(f.reported()).isTrue());
        assertThat(notifier.posture).hasSize(2).allSatisfy(told -> assertThat(told)
                .startsWith(SUBNET_B + ": ").contains("rtb-0a11ce50000000002", "igw-0123456789abcdef0"));
        List<JsonNode> published = events.details(EventTypes.NETWORK_POSTURE_NONCOMPLIANT);
        assertThat(published).hasSize(2);
        assertThat(published.get(0).path("vpcId").asText()).isEqualTo(VPC);
        assertThat(published.get(0).path("resourceId").asText()).isEqualTo(SUBNET_B);
        assertThat(published.get(0).path("reason").asText()).isEqualTo("DEFAULT_ROUTE_BYPASSES_FIREWALL");
        assertThat(published.get(0).path("observed").asText()).isEqualTo("rtb-0a11ce50000000002->igw-0123456789abcdef0");
    }

    @Test
    void aChangeToWhatIsSeenIsReportedAtOnce() {
        network.put(VPC, table("rtb-0a11ce50000000002", SUBNET_B, "igw-0123456789abcdef0"));
        guard().check();
        network.put(VPC, table("rtb-0a11ce50000000002", SUBNET_B, "nat-0123456789abcdef0"));

        assertThat(guard().check()).singleElement().satisfies(f -> assertThat(f.reported()).isTrue());
        assertThat(notifier.posture).hasSize(2);
    }

    @Test
    void anOpenEndpointAndASubnetOnTheMainTableAreBothReported() {
        network.put(VPC, new RouteTable("rtb-0a11ce50000000002", false, List.of(), List.of()))
                .put(VPC, new RouteTable("rtb-0a11ce5000000000f", true, List.of(), List.of()))
                .put(VPC, new VpcEndpoint("vpce-0b000000000000002", "com.amazonaws.us-east-1.s3", "Gateway",
                        PolicyAccess.FULL_ACCESS));

        assertThat(guard().check()).extracting(f -> f.problem().reason() + " " + f.problem().resourceId())
                .containsExactly("MAIN_ROUTE_TABLE " + SUBNET_B, "ENDPOINT_FULL_ACCESS_POLICY vpce-0b000000000000002");
        assertThat(audit.between(now.minusSeconds(1), now.plusSeconds(1))).hasSize(2);
    }

    @Test
    void ec2UnavailableReportsNothing() {
        network.unavailable(true);

        assertThatThrownBy(() -> guard().check()).isInstanceOf(NetworkPosture.Unavailable.class);
        assertThat(notifier.posture).isEmpty();
        assertThat(events.published()).isEmpty();
    }

    private PostureGuard guard() {
        return new PostureGuard(network, new PostureGuard.Settings(VPC, List.of(SUBNET_A, SUBNET_B),
                new FirewallPath.FirewallFirst(Set.of(ENDPOINT_A, ENDPOINT_B)), Set.of(NOTEBOOK)), audit, events,
                notifier, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static RouteTable table(String id, String subnet, String defaultTarget) {
        return new RouteTable(id, false, List.of(subnet), List.of(new Route("10.0.0.0/16", "local"),
                new Route("0.0.0.0/0", defaultTarget)));
    }
}
