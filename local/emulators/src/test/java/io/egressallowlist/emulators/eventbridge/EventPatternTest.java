package io.egressallowlist.emulators.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EventPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A CloudTrail-style SageMaker event, the shape our rules watch (aws-api-notes §2). */
    private static final String CLOUDTRAIL_EVENT = """
            {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"AWS API Call via CloudTrail",
             "source":"aws.sagemaker","account":"123456789012","time":"2025-03-01T09:00:00Z","region":"us-east-1",
             "resources":["arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc123"],
             "detail":{"eventSource":"sagemaker.amazonaws.com","eventName":"UpdateDomain",
                       "requestParameters":{"domainId":"d-abc123","appNetworkAccessType":"PublicInternetOnly"},
                       "responseElements":null,"errorCode":null,"readOnly":false,"count":3,"ratio":0.5,
                       "tags":["Team-ML","prod"],"users":[{"name":"alice","admin":true},{"name":"bob","admin":false}]}}
            """;

    static Stream<Arguments> patterns() {
        return Stream.of(
                arguments("exact source matches", """
                        {"source":["aws.sagemaker"]}""", true),
                arguments("one of several allowed values matches", """
                        {"source":["aws.events","aws.sagemaker"]}""", true),
                arguments("exact value is case sensitive", """
                        {"source":["AWS.SageMaker"]}""", false),
                arguments("the rule our stack deploys matches an UpdateDomain call", """
                        {"source":["aws.sagemaker"],"detail-type":["AWS API Call via CloudTrail"],
                         "detail":{"eventSource":["sagemaker.amazonaws.com"],
                                   "eventName":["CreateDomain","UpdateDomain","DeleteDomain"]}}""", true),
                arguments("all fields must match", """
                        {"source":["aws.sagemaker"],"detail":{"eventName":["CreateDomain"]}}""", false),
                arguments("deeply nested field matches", """
                        {"detail":{"requestParameters":{"appNetworkAccessType":["PublicInternetOnly"]}}}""", true),
                arguments("nested pattern on a missing object does not match", """
                        {"detail":{"missing":{"x":["y"]}}}""", false),
                arguments("top-level resources array matches if any element matches", """
                        {"resources":["arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc123"]}""", true),
                arguments("array in the event matches if any element matches", """
                        {"detail":{"tags":["prod"]}}""", true),
                arguments("array in the event with no matching element does not match", """
                        {"detail":{"tags":["dev"]}}""", false),
                arguments("field of objects inside an array matches", """
                        {"detail":{"users":{"name":["bob"]}}}""", true),
                arguments("fields of one array element must match together", """
                        {"detail":{"users":{"name":["bob"],"admin":[true]}}}""", false),
                arguments("number matches numerically", """
                        {"detail":{"count":[3.0]}}""", true),
                arguments("number does not match a string of the same digits", """
                        {"detail":{"count":["3"]}}""", false),
                arguments("boolean matches", """
                        {"detail":{"readOnly":[false]}}""", true),
                arguments("null matches a null value", """
                        {"detail":{"errorCode":[null]}}""", true),
                arguments("null does not match a missing field", """
                        {"detail":{"absent":[null]}}""", false),
                arguments("prefix matches", """
                        {"detail":{"eventName":[{"prefix":"Update"}]}}""", true),
                arguments("prefix is case sensitive", """
                        {"detail":{"eventName":[{"prefix":"update"}]}}""", false),
                arguments("prefix does not match numbers", """
                        {"detail":{"count":[{"prefix":"3"}]}}""", false),
                arguments("suffix matches", """
                        {"detail":{"eventSource":[{"suffix":".amazonaws.com"}]}}""", true),
                arguments("suffix that differs does not match", """
                        {"detail":{"eventSource":[{"suffix":".aws"}]}}""", false),
                arguments("equals-ignore-case matches another case", """
                        {"source":[{"equals-ignore-case":"AWS.SAGEMAKER"}]}""", true),
                arguments("equals-ignore-case still compares the whole value", """
                        {"source":[{"equals-ignore-case":"aws.sage"}]}""", false),
                arguments("anything-but a single value matches another value", """
                        {"detail":{"eventName":[{"anything-but":"DeleteDomain"}]}}""", true),
                arguments("anything-but the actual value does not match", """
                        {"detail":{"eventName":[{"anything-but":"UpdateDomain"}]}}""", false),
                arguments("anything-but a list excludes every listed value", """
                        {"detail":{"eventName":[{"anything-but":["CreateDomain","UpdateDomain"]}]}}""", false),
                arguments("anything-but a number compares numerically", """
                        {"detail":{"count":[{"anything-but":[3]}]}}""", false),
                arguments("anything-but prefix excludes matching values", """
                        {"source":[{"anything-but":{"prefix":"aws."}}]}""", false),
                arguments("anything-but prefix lets other values through", """
                        {"detail-type":[{"anything-but":{"prefix":"Scheduled"}}]}""", true),
                arguments("anything-but suffix excludes matching values", """
                        {"detail":{"eventSource":[{"anything-but":{"suffix":".amazonaws.com"}}]}}""", false),
                arguments("anything-but does not match a missing field", """
                        {"detail":{"absent":[{"anything-but":"x"}]}}""", false),
                arguments("anything-but on an array matches if one element is not excluded", """
                        {"detail":{"tags":[{"anything-but":"prod"}]}}""", true),
                arguments("exists true matches a present field", """
                        {"detail":{"eventName":[{"exists":true}]}}""", true),
                arguments("exists true matches a present null", """
                        {"detail":{"errorCode":[{"exists":true}]}}""", true),
                arguments("exists true does not match a missing field", """
                        {"detail":{"absent":[{"exists":true}]}}""", false),
                arguments("exists false matches a missing field", """
                        {"detail":{"absent":[{"exists":false}]}}""", true),
                arguments("exists false matches below a missing parent", """
                        {"detail":{"absentParent":{"child":[{"exists":false}]}}}""", true),
                arguments("exists false does not match a present field", """
                        {"detail":{"eventName":[{"exists":false}]}}""", false),
                arguments("exists true does not match an object, which is not a leaf", """
                        {"detail":{"requestParameters":[{"exists":true}]}}""", false),
                arguments("numeric range matches inside", """
                        {"detail":{"count":[{"numeric":[">",0,"<=",5]}]}}""", true),
                arguments("numeric range excludes the open bound", """
                        {"detail":{"count":[{"numeric":[">",3]}]}}""", false),
                arguments("numeric equality matches", """
                        {"detail":{"ratio":[{"numeric":["=",0.5]}]}}""", true),
                arguments("numeric does not match strings", """
                        {"detail":{"eventName":[{"numeric":[">",0]}]}}""", false),
                arguments("operator and exact value are alternatives", """
                        {"detail":{"eventName":["CreateDomain",{"prefix":"Upd"}]}}""", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void patternMatchesAsEventBridgeDoes(String description, String pattern, boolean expected) throws Exception {
        JsonNode event = JSON.readTree(CLOUDTRAIL_EVENT);

        assertThat(EventPattern.parse(pattern).matches(event)).as(description).isEqualTo(expected);
    }

    static Stream<Arguments> invalidPatterns() {
        return Stream.of(
                arguments("not JSON", "{source:", "not valid JSON"),
                arguments("not an object", "[\"aws.events\"]", "must be a JSON object"),
                arguments("empty pattern", "{}", "at least one field"),
                arguments("scalar instead of array", "{\"source\":\"aws.events\"}", "must be arrays or objects"),
                arguments("empty array", "{\"source\":[]}", "Empty array"),
                arguments("unknown operator", "{\"source\":[{\"wildcard\":\"aws.*\"}]}",
                        "Unsupported event pattern operator 'wildcard' at /source"),
                arguments("$or", "{\"$or\":[{\"source\":[\"a\"]}]}", "Unsupported event pattern operator '$or'"),
                arguments("two operators in one object", "{\"source\":[{\"prefix\":\"a\",\"suffix\":\"b\"}]}",
                        "exactly one operator"),
                arguments("prefix without a string", "{\"source\":[{\"prefix\":1}]}", "prefix needs a string"),
                arguments("exists without a boolean", "{\"source\":[{\"exists\":\"yes\"}]}", "exists needs true or false"),
                arguments("numeric with an odd list", "{\"n\":[{\"numeric\":[\">\"]}]}", "one or two [operator, number]"),
                arguments("numeric with an unknown operator", "{\"n\":[{\"numeric\":[\"!=\",1]}]}",
                        "Unknown numeric operator"),
                arguments("numeric with a string bound", "{\"n\":[{\"numeric\":[\">\",\"1\"]}]}",
                        "numeric bound must be a number"),
                arguments("anything-but with exists", "{\"s\":[{\"anything-but\":{\"exists\":true}}]}",
                        "anything-but accepts only prefix, suffix or equals-ignore-case"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPatterns")
    void invalidOrUnsupportedPatternIsRefusedWithAClearMessage(String description, String pattern, String message) {
        assertThatThrownBy(() -> EventPattern.parse(pattern))
                .as(description)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void matchingEverythingMatchesAnyEvent() throws Exception {
        assertThat(EventPattern.matchingEverything().matches(JSON.readTree(CLOUDTRAIL_EVENT))).isTrue();
        assertThat(EventPattern.matchingEverything().matches(JSON.createObjectNode())).isTrue();
    }

    @Test
    void patternPrintsAsItsJson() {
        assertThat(EventPattern.parse("{\"source\": [\"aws.events\"]}")).hasToString("{\"source\":[\"aws.events\"]}");
    }
}
