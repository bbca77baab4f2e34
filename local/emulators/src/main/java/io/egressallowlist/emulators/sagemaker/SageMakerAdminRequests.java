package io.egressallowlist.emulators.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns admin request bodies into seed records. Member names follow the SageMaker API
 * ({@code DomainId}, {@code AppNetworkAccessType}, {@code SubnetIds}, {@code ExecutionRole}, …) so that a
 * shell script can copy them from real {@code describe-domain} output.
 */
final class SageMakerAdminRequests {

    private SageMakerAdminRequests() {
    }

    /**
     * A domain from {@code put-domain}. For an existing domain, members left out keep their current value
     * and the creation time is kept, so {@code {"DomainId":…, "AppNetworkAccessType":"PublicInternetOnly"}}
     * is enough to simulate someone switching the domain's network mode.
     */
    static StudioDomain domain(ObjectNode body, Optional<StudioDomain> existing, Instant now) {
        String domainId = requiredText(body, "DomainId");
        StudioDomain base = existing.orElse(null);
        String accessType = text(body, "AppNetworkAccessType",
                base == null ? AppNetworkAccessType.VpcOnly.name() : base.appNetworkAccessType().name());
        return new StudioDomain(
                domainId,
                text(body, "DomainName", base == null ? "studio-" + domainId.substring(2) : base.domainName()),
                AppNetworkAccessType.parse(accessType),
                text(body, "VpcId", base == null ? null : base.vpcId()),
                strings(body, "SubnetIds", base == null ? List.of() : base.subnetIds()),
                text(body, "ExecutionRole", base == null ? null : base.defaultExecutionRole()),
                strings(body, "SecurityGroupIds", base == null ? List.of() : base.securityGroupIds()),
                text(body, "Status", base == null ? "InService" : base.status()),
                text(body, "AuthMode", base == null ? "IAM" : base.authMode()),
                base == null ? StudioDomain.efsIdFor(domainId) : base.homeEfsFileSystemId(),
                base == null ? now : base.creationTime(),
                now);
    }

    /** A user profile from {@code put-user-profile}; {@code ExecutionRole} may be left out. */
    static StudioUserProfile userProfile(ObjectNode body, Instant now) {
        return new StudioUserProfile(
                requiredText(body, "DomainId"),
                requiredText(body, "UserProfileName"),
                text(body, "ExecutionRole", null),
                text(body, "Status", "InService"),
                now,
                now);
    }

    private static String requiredText(ObjectNode body, String member) {
        if (!body.path(member).isTextual()) {
            throw new IllegalArgumentException("admin body needs a string '" + member + "'");
        }
        return body.get(member).textValue();
    }

    private static String text(ObjectNode body, String member, String fallback) {
        JsonNode value = body.get(member);
        if (value == null) {
            return fallback;
        }
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + member + "' must be a string, got " + value);
        }
        return value.textValue();
    }

    private static List<String> strings(ObjectNode body, String member, List<String> fallback) {
        JsonNode value = body.get(member);
        if (value == null) {
            return fallback;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + member + "' must be a list of strings, got " + value);
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException("'" + member + "' must be a list of strings, got " + value);
            }
            strings.add(element.textValue());
        }
        return strings;
    }
}
