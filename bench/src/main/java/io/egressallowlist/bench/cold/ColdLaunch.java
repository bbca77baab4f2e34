package io.egressallowlist.bench.cold;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The child side of {@code cold-start}: runs in a fresh JVM whose class path is one shaded function jar
 * and this class (in a jar of its own), so a class missing from the function jar fails here as it would in
 * Lambda. It does what the Lambda runtime does on a cold start — construct the handler, hand it one event
 * — then prints one {@code RESPONSE} line and exits. The parent times process start → that line.
 *
 * <p>Uses only the JDK and classes every function jar holds; the handler is constructed by name (as the
 * Lambda runtime does) with its no-argument constructor, which reads the environment the parent gave this
 * process (the function's variables, pointed at loopback); the event comes from the file the parent wrote. With
 * {@code floor} it prints one line and exits: the cost of a JVM and nothing else.
 */
public final class ColdLaunch {

    private ColdLaunch() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("floor")) {
            System.out.println("RESPONSE floor");
            return;
        }
        Properties input = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            input.load(reader);
        }
        // As the Lambda runtime does: the handler's no-argument constructor, configured by the environment.
        Object handler = Class.forName(input.getProperty("handler")).getConstructor().newInstance();
        String response = switch (input.getProperty("event")) {
            case "api" -> apiGateway(handler, input);
            case "scheduled" -> scheduled(handler);
            case "awslogs" -> awslogs(handler, input.getProperty("data"));
            default -> throw new IllegalArgumentException("unknown event kind " + input.getProperty("event"));
        };
        System.out.println("RESPONSE " + response.replace('\n', ' '));
        System.out.flush();
        // Lambda freezes the environment here; the follow-up pools of some handlers are daemon threads anyway.
        System.exit(0);
    }

    @SuppressWarnings("unchecked")
    private static String apiGateway(Object handler, Properties input) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : input.stringPropertyNames()) {
            if (name.startsWith("header.")) {
                headers.put(name.substring(7), input.getProperty(name));
            } else if (name.startsWith("query.")) {
                query.put(name.substring(6), input.getProperty(name));
            }
        }
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp("127.0.0.1").withUserArn(input.getProperty("caller"));
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(input.getProperty("method"))
                .withPath(input.getProperty("path"))
                .withResource(input.getProperty("path"))
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(input.getProperty("body"))
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("cold-start").withStage("bench").withPath("/bench" + input.getProperty("path"))
                        .withHttpMethod(input.getProperty("method")).withIdentity(identity));
        APIGatewayProxyResponseEvent response = ((RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>) handler)
                .handleRequest(event, null);
        return response.getStatusCode() + " " + response.getBody();
    }

    /** As Lambda hands a CloudWatch Logs subscription delivery to a handler of maps. */
    @SuppressWarnings("unchecked")
    private static String awslogs(Object handler, String data) {
        Map<String, Object> event = Map.of("awslogs", Map.of("data", data));
        Map<String, Object> summary = ((RequestHandler<Map<String, Object>, Map<String, Object>>) handler).handleRequest(event, null);
        return "200 " + summary;
    }

    @SuppressWarnings("unchecked")
    private static String scheduled(Object handler) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", "cold-start");
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "123456789012");
        event.put("region", "us-east-1");
        event.put("detail", Map.of());
        Map<String, Object> summary = ((RequestHandler<Map<String, Object>, Map<String, Object>>) handler).handleRequest(event, null);
        return "200 " + summary;
    }
}
