package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionLogContract;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The version log contract on dynalite, and what only the DynamoDB items show: compression, chunks, the hash check. */
@ExtendWith(DynaliteExtension.class)
class DynamoVersionLogTest extends VersionLogContract {

    private DynamoDbClient dynamo;
    private StoreFixture fixture;
    private DynamoVersionLog log;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
        this.fixture = new StoreFixture(dynamo);
        this.log = fixture.versions;
    }

    @Override
    protected VersionLog newLog() {
        return log;
    }

    @Test
    void aFullRuleGroupOf15000TargetsIsStoredCompactlyAndReadBack() {
        List<String> targets = realisticTargets(15_000, new Random(7));
        AllowlistVersion version = AllowlistVersion.create(1, null, targets, VersionCause.baseline(), "x", NOW);

        assertThat(log.append(version)).isTrue();

        assertThat(log.storedSnapshotBytes(1)).isLessThan(350 * 1024);
        assertThat(log.find(new VersionNumber(1)).orElseThrow().targets()).isEqualTo(version.targets());
    }

    @Test
    void aSnapshotBeyondOneItemIsChunkedAndReadBack() {
        // Random names compress badly: this list needs several items.
        Random random = new Random(11);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            targets.add(randomLabel(random, 20) + "." + randomLabel(random, 12) + ".example.com");
        }
        AllowlistVersion version = AllowlistVersion.create(1, null, targets, VersionCause.baseline(), "x", NOW);

        assertThat(log.append(version)).isTrue();

        assertThat(log.storedSnapshotBytes(1)).isGreaterThan(DynamoVersionLog.INLINE_LIMIT);
        assertThat(log.find(new VersionNumber(1)).orElseThrow().targets()).isEqualTo(version.targets());
    }

    @Test
    void aTamperedSnapshotFailsItsIntegrityCheck() {
        log.append(AllowlistVersion.create(1, null, List.of("a.example.com"), VersionCause.baseline(), "x", NOW));
        dynamo.updateItem(b -> b.tableName(fixture.tables.versions())
                .key(Map.of("log", AttributeValue.fromS("allowlist"), "version", AttributeValue.fromN("1")))
                .updateExpression("SET targets = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromB(
                        SdkBytes.fromByteArray(SnapshotCodec.encode(List.of("evil.example.com")))))));

        assertThatThrownBy(() -> log.find(new VersionNumber(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("integrity check");
    }

    @Test
    void logsOfDifferentRuleGroupsAreIndependent() {
        DynamoVersionLog other = new DynamoVersionLog(dynamo, fixture.tables.versions(), "other-group");
        log.append(AllowlistVersion.create(1, null, List.of("a.example.com"), VersionCause.baseline(), "x", NOW));

        assertThat(other.head()).isEmpty();
        assertThat(other.append(AllowlistVersion.create(1, null, List.of("b.example.com"), VersionCause.baseline(), "x", NOW))).isTrue();
    }

    /** Names shaped like real allow-list entries: a few thousand registrable domains with subdomains. */
    static List<String> realisticTargets(int count, Random random) {
        String[] suffixes = {"com", "org", "io", "net", "dev", "co.uk", "de", "ai"};
        String[] prefixes = {"", "api.", "www.", "cdn.", "files.", "registry.", "download.", "s3.", "."};
        List<String> targets = new ArrayList<>();
        int i = 0;
        while (targets.size() < count) {
            String domain = "vendor" + (i / 4) + randomLabel(random, 4) + "." + suffixes[i % suffixes.length];
            targets.add(prefixes[random.nextInt(prefixes.length)] + domain);
            i++;
        }
        return AllowlistVersion.sortedTargets(targets).size() == count ? targets
                : realisticTargets(count, new Random(random.nextLong()));
    }

    private static String randomLabel(Random random, int length) {
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < length; i++) {
            label.append((char) ('a' + random.nextInt(26)));
        }
        return label.toString();
    }
}
