package io.egressallowlist.shared.ec2;

import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.ec2.RouteTable;
import io.egressallowlist.emulators.ec2.VpcEndpoint;
import io.egressallowlist.shared.domain.NetworkPosture;
import io.egressallowlist.shared.domain.NetworkPosture.PolicyAccess;
import io.egressallowlist.shared.domain.NetworkPostureContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.Ec2Client;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The network posture contract through the SDK's Ec2Client against the EC2 emulator (EC2 Query, XML). */
class Ec2NetworkPostureTest extends NetworkPostureContract {

    private final LocalEc2 local = LocalEc2.start();
    private final Ec2Emulator emulator = local.emulator();
    private final Ec2Client ec2 = local.client();

    @AfterEach
    void stop() {
        local.close();
    }

    @Override
    protected NetworkPosture newPosture() {
        put(VPC, SAGEMAKER_ROUTES);
        put(VPC, NAT_ROUTES);
        put(VPC, MAIN_ROUTES);
        put(OTHER_VPC, OTHER_VPC_ROUTES);
        emulator.putEndpoint(new VpcEndpoint(STS.endpointId(), VPC, STS.serviceName(), "Interface", ACCOUNT_POLICY));
        emulator.putEndpoint(new VpcEndpoint(S3.endpointId(), VPC, S3.serviceName(), "Gateway", DEFAULT_POLICY));
        emulator.putEndpoint(new VpcEndpoint(FIREWALL.endpointId(), VPC, FIREWALL.serviceName(), "GatewayLoadBalancer",
                null));
        emulator.putEndpoint(new VpcEndpoint(OTHER_VPC_ENDPOINT.endpointId(), OTHER_VPC, OTHER_VPC_ENDPOINT.serviceName(),
                "Interface", VpcEndpoint.DEFAULT_POLICY));
        return new Ec2NetworkPosture(ec2);
    }

    private void put(String vpcId, NetworkPosture.RouteTable table) {
        emulator.putRouteTable(new RouteTable(table.routeTableId(), vpcId, table.main(), table.subnetIds(),
                table.routes().stream().map(r -> new RouteTable.Route(r.destination(), r.target())).toList()));
    }

    @Test
    void anEc2FailureIsReportedAsUnavailable() {
        NetworkPosture posture = newPosture();
        local.server().faults(Ec2Emulator.NAME).throttleNext(10);

        assertThatThrownBy(() -> posture.routeTables(VPC)).isInstanceOf(NetworkPosture.Unavailable.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the default, as EC2 writes it                 | {"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]} | FULL_ACCESS
            one statement, not in a list                  | {"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["*"],"Resource":["*"]}}            | FULL_ACCESS
            full access beside a narrower statement       | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]} | FULL_ACCESS
            a condition on the principal's account        | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}}]} | RESTRICTED
            some actions only                             | {"Statement":[{"Effect":"Allow","Principal":"*","Action":["sts:AssumeRole"],"Resource":"*"}]}     | RESTRICTED
            one principal only                            | {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"*","Resource":"*"}]} | RESTRICTED
            a deny beside full access                     | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceAccount":"123456789012"}}}]} | RESTRICTED
            some buckets only                             | {"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::mine/*"}]}  | RESTRICTED
            """)
    void whatAPolicyDocumentAllowsIsRead(String name, String document, PolicyAccess expected) {
        assertThat(Ec2NetworkPosture.access(document)).isEqualTo(expected);
    }

    @Test
    void noDocumentIsNoPolicy() {
        assertThat(Ec2NetworkPosture.access(null)).isEqualTo(PolicyAccess.NO_POLICY);
        assertThat(Ec2NetworkPosture.access(" ")).isEqualTo(PolicyAccess.NO_POLICY);
    }
}
