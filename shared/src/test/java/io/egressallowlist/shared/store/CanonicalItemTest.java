package io.egressallowlist.shared.store;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical content an audit record's hash covers. */
class CanonicalItemTest {

    private static final AttributeValue S = AttributeValue.fromS("x");

    @Test
    void attributesComeSortedByNameWithLengthsInUtf8Bytes() {
        assertThat(CanonicalItem.of(Map.of("b", AttributeValue.fromS("é"), "a", AttributeValue.fromN("12"))))
                .isEqualTo("1:aN2:121:bS2:é");
    }

    @Test
    void theChainsOwnFieldsAreLeftOut() {
        Map<String, AttributeValue> plain = Map.of("actor", S);
        Map<String, AttributeValue> chained = Map.of("actor", S, "chainSeq", AttributeValue.fromN("7"),
                "prevHash", S, "hash", S, "chainPage", S);

        assertThat(CanonicalItem.of(chained)).isEqualTo(CanonicalItem.of(plain));
    }

    @Test
    void aValueCannotPassForAFieldBoundary() {
        Map<String, AttributeValue> one = Map.of("a", AttributeValue.fromS("1:bS1:x"));
        Map<String, AttributeValue> two = Map.of("a", AttributeValue.fromS(""), "b", S);

        assertThat(CanonicalItem.of(one)).isNotEqualTo(CanonicalItem.of(two));
    }

    @Test
    void mapsAreSortedAndEveryTypeIsTagged() {
        AttributeValue details = AttributeValue.fromM(Map.of("z", S, "a", AttributeValue.fromBool(true)));

        assertThat(CanonicalItem.of(Map.of("d", details))).isEqualTo("1:dM2:1:aBOOLt1:zS1:x");
        assertThat(CanonicalItem.of(Map.of("s", AttributeValue.fromS("1")))).isNotEqualTo(
                CanonicalItem.of(Map.of("s", AttributeValue.fromN("1"))));
        assertThat(CanonicalItem.of(Map.of("l", AttributeValue.fromL(List.of(S, AttributeValue.fromNul(true))),
                "ss", AttributeValue.fromSs(List.of("b", "a")),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")))))
                .isEqualTo("1:bB4:aGk=1:lL2:S1:xNULL2:ssSS2:1:a1:b");
    }
}
