package io.egressallowlist.shared.ec2;

import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.ec2.NetworkInterface;
import io.egressallowlist.emulators.ec2.Subnet;
import io.egressallowlist.shared.domain.NetworkInterfaces;
import io.egressallowlist.shared.domain.NetworkInterfacesContract;
import io.egressallowlist.shared.domain.SourceAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;


import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The network interfaces contract through the SDK's Ec2Client against the EC2 emulator (EC2 Query, XML). */
class Ec2NetworkInterfacesTest extends NetworkInterfacesContract {

    private static final Subnet SUBNET = new Subnet(APP_SUBNET, "vpc-0abc1234", "us-east-1a", "10.20.0.0/18");

    private final LocalEc2 local = LocalEc2.start();
    private final Ec2Emulator emulator = local.emulator();
    private final Ec2Client ec2 = local.client();

    @AfterEach
    void stop() {
        local.close();
    }

    @Override
    protected NetworkInterfaces newInterfaces() {
        emulator.putSubnet(SUBNET);
        emulator.register(NetworkInterface.of(APP_INTERFACE, SUBNET, APP_ADDRESS, APP_DESCRIPTION, "123456789012")
                .withRequester("amazon-sagemaker", true));
        emulator.register(NetworkInterface.of("eni-0b0ba1a1157a2b002", SUBNET, TAGGED_ADDRESS, "", "123456789012")
                .withTags(TAGS));
        return new Ec2NetworkInterfaces(ec2);
    }

    @Test
    void anEc2FailureIsReportedAsUnavailable() {
        NetworkInterfaces interfaces = newInterfaces();
        local.server().faults(Ec2Emulator.NAME).throttleNext(10);

        assertThatThrownBy(() -> interfaces.holding(new SourceAddress(APP_ADDRESS)))
                .isInstanceOf(NetworkInterfaces.Unavailable.class);
    }
}
