package io.egressallowlist.emulators.sagemaker;

/**
 * How a Studio domain reaches the network (aws-api-notes §2). Only {@code VpcOnly} sends all traffic
 * through the customer VPC, and so through the Network Firewall the allow-list controls.
 */
public enum AppNetworkAccessType {

    /** The default: non-EFS traffic leaves through a SageMaker-managed VPC with internet access. */
    PublicInternetOnly,

    /** All traffic goes through the domain's own VPC and subnets. */
    VpcOnly;

    /** Parses the wire value, naming the valid values when it is not one. */
    public static AppNetworkAccessType parse(String value) {
        for (AppNetworkAccessType type : values()) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("AppNetworkAccessType must be PublicInternetOnly or VpcOnly, got " + value);
    }
}
