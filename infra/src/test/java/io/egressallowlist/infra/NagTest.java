package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.NetworkSettings;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag AwsSolutions on every stack: no error and no warning left unsuppressed. */
class NagTest {

    private static List<TestStacks> configurations;

    @BeforeAll
    static void synth() {
        configurations = List.of(TestStacks.synth(1), TestStacks.synth(2),
                TestStacks.synth(NetworkSettings.defaults().withZoneCount(3), true),
                TestStacks.synth(NetworkStackTest.natFirst(2), false));
    }

    @Test
    void everyStackHasNoUnsuppressedFinding() {
        List<String> findings = configurations.stream()
                .flatMap(t -> Stream.of(t.stacks.network(), t.stacks.studio(), t.stacks.controlPlane()))
                .flatMap(NagTest::findings)
                .toList();
        assertThat(findings).isEmpty();
    }

    static Stream<String> findings(Stack stack) {
        Annotations annotations = Annotations.fromStack(stack);
        return Stream.concat(
                        annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream(),
                        annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream())
                .map(NagTest::describe);
    }

    private static String describe(SynthesisMessage message) {
        return message.getId() + ": " + String.valueOf(message.getEntry().getData()).lines().findFirst().orElse("");
    }
}
