package io.egressallowlist.shared.logging;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs: one JSON object per line on standard output (CloudWatch Logs in Lambda), with a
 * level, a logger name, a message and flat fields. Never pass a secret or token as a field; the
 * function's request id goes in {@code requestId}.
 */
public final class JsonLog {

    private final String logger;
    private final PrintStream out;
    private final Clock clock;

    private JsonLog(String logger, PrintStream out, Clock clock) {
        this.logger = logger;
        this.out = out;
        this.clock = clock;
    }

    public static JsonLog of(Class<?> owner) {
        return new JsonLog(owner.getSimpleName(), System.out, Clock.systemUTC());
    }

    public static JsonLog of(Class<?> owner, PrintStream out, Clock clock) {
        return new JsonLog(owner.getSimpleName(), out, clock);
    }

    public void info(String message, Object... keysAndValues) {
        write("INFO", message, keysAndValues);
    }

    public void warn(String message, Object... keysAndValues) {
        write("WARN", message, keysAndValues);
    }

    public void error(String message, Object... keysAndValues) {
        write("ERROR", message, keysAndValues);
    }

    private void write(String level, String message, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in key, value pairs");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", clock.instant().toString());
        fields.put("level", level);
        fields.put("logger", logger);
        fields.put("message", message);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        StringBuilder line = new StringBuilder(128).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            quote(line, field.getKey());
            line.append(':');
            Object value = field.getValue();
            if (value == null) {
                line.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                line.append(value);
            } else {
                quote(line, value.toString());
            }
        }
        out.println(line.append('}'));
    }

    private static void quote(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                // Escaped so a hostile value cannot forge a second log line.
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        line.append('"');
    }
}
