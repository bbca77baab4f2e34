package io.egressallowlist.shared.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link NetworkInterfaces} promises: the interface holding an address is found with its subnet,
 * description and tags; an address nobody holds finds nothing. Run against the in-memory interfaces and against
 * {@code Ec2NetworkInterfaces} on the EC2 emulator, each given the same two interfaces.
 */
public abstract class NetworkInterfacesContract {

    protected static final String APP_ADDRESS = "10.20.1.23";
    protected static final String APP_INTERFACE = "eni-0a1ce5c1e4715a001";
    protected static final String APP_SUBNET = "subnet-0aaa1111";
    protected static final String APP_DESCRIPTION =
            "[DO NOT DELETE] ENI managed by SageMaker for Studio Domain(d-abc123) - a09d795df1d5926f328cb6564db19ab2";
    protected static final String TAGGED_ADDRESS = "10.20.1.24";
    protected static final Map<String, String> TAGS =
            Map.of("sagemaker:user-profile-arn", "arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-abc123/alice");

    /** Interfaces holding {@link #APP_ADDRESS} (untagged) and {@link #TAGGED_ADDRESS} (with {@link #TAGS}). */
    protected abstract NetworkInterfaces newInterfaces();

    @Test
    void theInterfaceHoldingAnAddressIsFoundWithItsSubnetAndDescription() {
        assertThat(newInterfaces().holding(new SourceAddress(APP_ADDRESS))).hasValueSatisfying(eni -> {
            assertThat(eni.interfaceId()).isEqualTo(APP_INTERFACE);
            assertThat(eni.subnetId()).isEqualTo(APP_SUBNET);
            assertThat(eni.description()).isEqualTo(APP_DESCRIPTION);
            assertThat(eni.tags()).isEmpty();
        });
    }

    @Test
    void tagsAreReadBack() {
        assertThat(newInterfaces().holding(new SourceAddress(TAGGED_ADDRESS)))
                .hasValueSatisfying(eni -> assertThat(eni.tags()).isEqualTo(TAGS));
    }

    @Test
    void anAddressNobodyHoldsFindsNothing() {
        assertThat(newInterfaces().holding(new SourceAddress("10.20.9.9"))).isEmpty();
    }
}
