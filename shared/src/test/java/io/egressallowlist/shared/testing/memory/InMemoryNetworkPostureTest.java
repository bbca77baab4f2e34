package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.NetworkPosture;
import io.egressallowlist.shared.domain.NetworkPostureContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryNetworkPostureTest extends NetworkPostureContract {

    @Override
    protected NetworkPosture newPosture() {
        return new InMemoryNetworkPosture()
                .put(VPC, SAGEMAKER_ROUTES).put(VPC, NAT_ROUTES).put(VPC, MAIN_ROUTES)
                .put(VPC, STS).put(VPC, S3).put(VPC, FIREWALL)
                .put(OTHER_VPC, OTHER_VPC_ROUTES).put(OTHER_VPC, OTHER_VPC_ENDPOINT);
    }

    @Test
    void anUnavailableEc2IsReportedAsUnavailable() {
        NetworkPosture posture = new InMemoryNetworkPosture().unavailable(true);

        assertThatThrownBy(() -> posture.routeTables(VPC)).isInstanceOf(NetworkPosture.Unavailable.class);
        assertThatThrownBy(() -> posture.endpoints(VPC)).isInstanceOf(NetworkPosture.Unavailable.class);
    }
}
