package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.cloudwatchlogs.LogSubscription;
import io.egressallowlist.emulators.ec2.NetworkInterface;
import io.egressallowlist.emulators.networkfirewall.Flow;
import io.egressallowlist.emulators.networkfirewall.TrafficVerdict;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.testbed.LocalAws;
import io.egressallowlist.testbed.SampleScopes;
import io.egressallowlist.testbed.Testbed;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayList;
import java.util.function.Function;

/**
 * {@code POST /_sandbox/traffic}: a sample workload sends traffic through the firewall. The profile's Studio app
 * address (or the given source address) goes to the Network Firewall emulator, which decides as the live rule
 * group does; its ALERT log records reach the alert-ingest function through the CloudWatch Logs subscription of
 * the endpoint's zone, in the event shape Lambda receives.
 *
 * <p>Request: {@code {"profile": "alice-data-scientist" | "sourceIp": "10.0.1.23", "domain": "example.net",
 * "count": 1..1000 (default 1), "protocol": "TLS" | "HTTP" (default TLS)}}. Answer: {@code {"allowed", "alerts",
 * "sourceIp", "profile"?, "protocol", "decidedBy", "deliveries", "ingested": [what alert-ingest answered per
 * delivery]}}. Bad input is refused before anything is sent.
 */
final class SandboxTraffic {

    static final int MAX_COUNT = 1000;
    private static final Set<String> FIELDS = Set.of("profile", "sourceIp", "domain", "count", "protocol");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request names a profile the sandbox does not have (answered with 404). */
    static final class UnknownProfile extends RuntimeException {
        UnknownProfile(String message) {
            super(message);
        }
    }

    private final Testbed testbed;
    private final Function<String, Map<String, Object>> alertIngest;
    private final Map<String, LogSubscription> subscriptionsByZone = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> answers = new ArrayList<>();
    private final List<String> delivered = new ArrayList<>();
    private LogSubscription lastUsed;

    /**
     * @param alertIngest invokes the alert-ingest function with one subscription event (JSON text) and answers
     *                    what it returned
     */
    SandboxTraffic(Testbed testbed, Function<String, Map<String, Object>> alertIngest) {
        this.testbed = testbed;
        this.alertIngest = alertIngest;
    }

    /** Every subscription event delivered so far, in order (redeliveries included). */
    synchronized List<String> delivered() {
        return List.copyOf(delivered);
    }

    synchronized JsonNode send(JsonNode body) {
        Set<String> unknown = new TreeSet<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown field(s) " + unknown + "; a traffic request has " + new TreeSet<>(FIELDS));
        }
        Optional<String> profile = optionalText(body, "profile");
        String sourceIp = source(profile, optionalText(body, "sourceIp"));
        Flow flow = new Flow(sourceIp, optionalText(body, "domain").orElseThrow(() ->
                new IllegalArgumentException("'domain' is required: the name the workload connects to")),
                protocol(body), count(body));
        LocalAws aws = testbed.aws();
        String zone = aws.ec2().interfaceWithAddress(sourceIp).map(NetworkInterface::subnet)
                .map(subnet -> subnet.availabilityZone()).orElse(null);
        TrafficVerdict verdict = aws.firewall().sendTraffic(LocalAws.FIREWALL, flow, zone);
        answers.clear();
        List<String> deliveries = verdict.alertRecords().isEmpty() ? List.of()
                : subscription(zone == null ? "default" : zone).deliver(verdict.alertRecords());
        ObjectNode answer = JSON.createObjectNode().put("allowed", verdict.allowed())
                .put("alerts", verdict.alertRecords().size()).put("sourceIp", sourceIp);
        profile.ifPresent(name -> answer.put("profile", name));
        answer.put("protocol", flow.protocol().name()).put("decidedBy", verdict.decidedBy())
                .put("deliveries", deliveries.size());
        answer.set("ingested", JSON.valueToTree(answers));
        return answer;
    }

    /** Delivers the last subscription batch again, as CloudWatch Logs' at-least-once delivery may. */
    synchronized JsonNode redeliver() {
        LogSubscription subscription = lastUsed;
        if (subscription == null) {
            throw new IllegalStateException("no alert log batch was delivered yet");
        }
        answers.clear();
        subscription.redeliverLast();
        ObjectNode answer = JSON.createObjectNode().put("redelivered", subscription.settings().logStream());
        answer.set("ingested", JSON.valueToTree(answers));
        return answer;
    }

    private LogSubscription subscription(String zone) {
        LogSubscription subscription = subscriptionsByZone.computeIfAbsent(zone,
                z -> testbed.alertLog(z, this::ingest));
        lastUsed = subscription;
        return subscription;
    }

    /** Called by the subscription with the send/redeliver lock held. */
    private void ingest(String event) {
        delivered.add(event);
        answers.add(alertIngest.apply(event));
    }

    private String source(Optional<String> profile, Optional<String> sourceIp) {
        if (profile.isPresent() == sourceIp.isPresent()) {
            throw new IllegalArgumentException("give either 'profile' (a sample Studio user profile) or 'sourceIp'"
                    + " (a workload address), not both and not neither");
        }
        return sourceIp.orElseGet(() -> testbed.appAddressOf(profile.get()).orElseThrow(() -> new UnknownProfile(
                "no running Studio app for profile '" + profile.get() + "'; the sample profiles with an app are "
                        + profilesWithApps())));
    }

    private Set<String> profilesWithApps() {
        Set<String> profiles = new TreeSet<>(List.of(SageMakerSamples.DATA_SCIENTIST, SageMakerSamples.ANALYST));
        if (!testbed.aws().scopes().isEmpty()) {
            SampleScopes.TEAMS.forEach(team -> profiles.add(team.user()));
        }
        return profiles;
    }

    private static Flow.Protocol protocol(JsonNode body) {
        String protocol = optionalText(body, "protocol").orElse("TLS");
        try {
            return Flow.Protocol.valueOf(protocol);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'protocol' is TLS or HTTP, got '" + protocol + "'");
        }
    }

    private static int count(JsonNode body) {
        JsonNode count = body.get("count");
        if (count == null || count.isNull()) {
            return 1;
        }
        if (!count.isIntegralNumber() || count.asLong() < 1 || count.asLong() > MAX_COUNT) {
            throw new IllegalArgumentException("'count' is a whole number of connections from 1 to " + MAX_COUNT
                    + ", got " + count);
        }
        return count.asInt();
    }

    private static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return Optional.of(value.asText());
    }
}
