package io.egressallowlist.shared.ec2;

import io.egressallowlist.shared.domain.NetworkInterfaces;
import io.egressallowlist.shared.domain.SourceAddress;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link NetworkInterfaces} over EC2 {@code DescribeNetworkInterfaces}, filtered by
 * {@code addresses.private-ip-address} (the primary and secondary private addresses of an interface). At most one
 * interface holds a private address of a VPC at a time; the first answer is taken. The call needs
 * {@code ec2:DescribeNetworkInterfaces}, which has no resource-level permissions.
 */
public final class Ec2NetworkInterfaces implements NetworkInterfaces {

    private final Ec2Client ec2;

    public Ec2NetworkInterfaces(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Optional<NetworkInterface> holding(SourceAddress address) {
        DescribeNetworkInterfacesResponse response;
        try {
            response = ec2.describeNetworkInterfaces(b -> b.filters(Filter.builder()
                    .name("addresses.private-ip-address").values(address.value()).build()));
        } catch (SdkException e) {
            throw new Unavailable("DescribeNetworkInterfaces failed: " + e.getClass().getSimpleName(), e);
        }
        return response.networkInterfaces().stream().findFirst().map(eni -> {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag tag : eni.tagSet()) {
                if (tag.key() != null && tag.value() != null) {
                    tags.put(tag.key(), tag.value());
                }
            }
            return new NetworkInterface(eni.networkInterfaceId(), eni.subnetId(), eni.description(),
                    eni.requesterId(), tags);
        });
    }
}
