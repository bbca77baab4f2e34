package io.egressallowlist.bench;

import io.egressallowlist.emulators.cloudwatchlogs.LogSubscription;
import io.egressallowlist.emulators.ec2.Ec2Emulator;
import io.egressallowlist.emulators.ec2.Ec2Samples;
import io.egressallowlist.emulators.ec2.Subnet;
import io.egressallowlist.emulators.networkfirewall.Flow;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.networkfirewall.TrafficVerdict;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.testbed.LocalAws;
import io.egressallowlist.testbed.Testbed;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Refused traffic for the alert-ingest benchmarks, made by the Network Firewall emulator as the firewall makes it:
 * Studio app interfaces registered in the EC2 emulator the way SageMaker creates them (in the sample
 * {@code VpcOnly} domain's two subnets, no tags), each sending connections to hosts no allow-list entry covers; the
 * emulator decides against the live rule group and writes the ALERT log records (Suricata EVE {@code alert}
 * records with {@code tls.sni} or {@code http.hostname}, in the Network Firewall log wrapper). {@link #delivery}
 * wraps them as the CloudWatch Logs subscription hands them to the function: {@code {"awslogs":{"data":…}}}, base64
 * of gzip, every log event with a fresh id.
 */
final class AlertTraffic {

    /**
     * Hosts data-science work is refused on first: model and dataset downloads, package mirrors, git hosting,
     * notebooks' telemetry. None is covered by the sample allow-list (only {@code .pypi.org},
     * {@code files.pythonhosted.org}).
     */
    static final List<String> HOSTS = List.of(
            "huggingface.co", "cdn-lfs.hf.co", "cdn-lfs-us-1.hf.co", "xethub.hf.co", "cas-bridge.xethub.hf.co",
            "objects.githubusercontent.com", "raw.githubusercontent.com", "github.com", "codeload.github.com",
            "api.github.com", "gitlab.com", "bitbucket.org", "conda.anaconda.org", "repo.anaconda.com",
            "repo.continuum.io", "download.pytorch.org", "storage.googleapis.com", "dl.google.com",
            "tfhub.dev", "kaggle.com", "www.kaggle.com", "storage.kaggleusercontent.com", "registry.npmjs.org",
            "cran.r-project.org", "cloud.r-project.org", "repo.maven.apache.org", "deb.debian.org",
            "archive.ubuntu.com", "security.ubuntu.com", "developer.download.nvidia.com", "api.wandb.ai",
            "o151352.ingest.sentry.io", "mlflow.example-corp.net", "zenodo.org", "figshare.com",
            "dataverse.harvard.edu", "api.openai.com", "ollama.com", "registry.ollama.ai", "ghcr.io");
    /** Every fifth host is reached over plain HTTP (an HTTP_HOST record), the rest over TLS (TLS_SNI). */
    private static final int HTTP_EVERY = 5;

    private final NetworkFirewallEmulator firewall;
    private final Ec2Emulator ec2;
    private final List<String> sources = new ArrayList<>();

    private AlertTraffic(NetworkFirewallEmulator firewall, Ec2Emulator ec2) {
        this.firewall = firewall;
        this.ec2 = ec2;
    }

    /**
     * {@code sourceCount} workload addresses: the sample apps' two, then further Studio app interfaces, alternately
     * in the two subnets of the sample {@code VpcOnly} domain.
     */
    static AlertTraffic withSources(Testbed testbed, int sourceCount) {
        AlertTraffic traffic = new AlertTraffic(testbed.aws().firewall(), testbed.aws().ec2());
        traffic.sources.addAll(Ec2Samples.APP_ADDRESSES.values().stream().sorted().toList());
        for (int i = 0; traffic.sources.size() < sourceCount; i++) {
            Subnet subnet = i % 2 == 0 ? Ec2Samples.SUBNET_A : Ec2Samples.SUBNET_B;
            String address = hostInSubnet(subnet, 2, 10 + i / 2);
            traffic.ec2.register(Ec2Samples.studioAppInterface(String.format("eni-0bec%013x", i), subnet, address,
                    String.format("%032x", 0xbe0000L + i)));
            traffic.sources.add(address);
        }
        return traffic;
    }

    /** {@code x.y.(z + block).host} for a subnet {@code x.y.z.0/n}: an address the sample apps do not use. */
    private static String hostInSubnet(Subnet subnet, int block, int host) {
        String[] octets = subnet.cidrBlock().substring(0, subnet.cidrBlock().indexOf('/')).split("\\.");
        return octets[0] + "." + octets[1] + "." + (Integer.parseInt(octets[2]) + block) + "." + host;
    }

    List<String> sources() {
        return List.copyOf(sources);
    }

    /**
     * The ALERT log records of {@code perPair} connections from each of the first {@code sourceCount} sources to each
     * of the first {@code hostCount} hosts, shuffled with {@code seed} as connections of many workloads interleave
     * in the log.
     */
    List<String> records(int sourceCount, int hostCount, int perPair, long seed) {
        if (sourceCount > sources.size() || hostCount > HOSTS.size()) {
            throw new IllegalArgumentException("at most " + sources.size() + " sources and " + HOSTS.size() + " hosts");
        }
        List<String> records = new ArrayList<>();
        for (String source : sources.subList(0, sourceCount)) {
            String zone = ec2.interfaceWithAddress(source).map(eni -> eni.subnet().availabilityZone()).orElseThrow();
            for (int h = 0; h < hostCount; h++) {
                Flow.Protocol protocol = h % HTTP_EVERY == HTTP_EVERY - 1 ? Flow.Protocol.HTTP : Flow.Protocol.TLS;
                TrafficVerdict verdict = firewall.sendTraffic(LocalAws.FIREWALL, new Flow(source, HOSTS.get(h), protocol,
                        perPair), zone);
                if (verdict.allowed() || verdict.alertRecords().size() != perPair) {
                    throw new IllegalStateException(HOSTS.get(h) + " from " + source + " was not refused with "
                            + perPair + " alert records: " + verdict);
                }
                records.addAll(verdict.alertRecords());
            }
        }
        Collections.shuffle(records, new Random(seed));
        return records;
    }

    /**
     * The ALERT log's subscription to the function: {@link #of} gives the event text of one invocation holding the
     * records, every log event with an id never used before on it (CloudWatch Logs' ids are unique per event).
     */
    static final class Deliveries {

        private final AtomicReference<String> last = new AtomicReference<>();
        private final LogSubscription subscription;

        Deliveries(int eventsPerDelivery) {
            this.subscription = new LogSubscription(new LogSubscription.Settings(SageMakerSamples.ACCOUNT_ID,
                    Testbed.ALERT_LOG_GROUP, LocalAws.FIREWALL + "_alert_bench", Testbed.ALERT_SUBSCRIPTION_FILTER,
                    eventsPerDelivery), last::set, Clock.systemUTC());
        }

        /** {@code {"awslogs":{"data":…}}} holding all {@code records} in one delivery. */
        String of(List<String> records) {
            if (records.size() > subscription.settings().eventsPerBatch()) {
                throw new IllegalArgumentException(records.size() + " records do not fit one delivery");
            }
            subscription.deliver(records);
            return last.get();
        }
    }
}
