package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.NetworkInterfaces;
import io.egressallowlist.shared.domain.NetworkInterfacesContract;

import java.util.Map;

class InMemoryNetworkInterfacesTest extends NetworkInterfacesContract {

    @Override
    protected NetworkInterfaces newInterfaces() {
        return new InMemoryNetworkInterfaces()
                .put(APP_ADDRESS, new NetworkInterfaces.NetworkInterface(APP_INTERFACE, APP_SUBNET, APP_DESCRIPTION,
                        "amazon-sagemaker", Map.of()))
                .put(TAGGED_ADDRESS, new NetworkInterfaces.NetworkInterface("eni-0b0ba1a1157a2b002", APP_SUBNET, "",
                        null, TAGS));
    }
}
