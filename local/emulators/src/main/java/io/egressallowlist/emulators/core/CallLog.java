package io.egressallowlist.emulators.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every call an emulator received, in order, with its outcome. Tests and benchmarks use it to count
 * calls (for example how many {@code UpdateRuleGroup} calls a burst of approvals caused).
 */
public final class CallLog {

    /** One received call. {@code errorName} is null when the call succeeded. */
    public record Call(String targetPrefix, String operation, String errorName) {
        public boolean succeeded() {
            return errorName == null;
        }
    }

    private final List<Call> calls = new ArrayList<>();

    synchronized void record(Call call) {
        calls.add(call);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Number of calls of one operation of one service, successful or not. */
    public synchronized long count(String targetPrefix, String operation) {
        return calls.stream()
                .filter(c -> c.targetPrefix().equals(targetPrefix) && c.operation().equals(operation))
                .count();
    }

    /** Number of successful calls of one operation of one service. */
    public synchronized long countSucceeded(String targetPrefix, String operation) {
        return calls.stream()
                .filter(c -> c.succeeded() && c.targetPrefix().equals(targetPrefix) && c.operation().equals(operation))
                .count();
    }

    /** Calls per {@code prefix.Operation}, for printing. */
    public synchronized Map<String, Long> summary() {
        Map<String, Long> byOperation = new TreeMap<>();
        for (Call call : calls) {
            byOperation.merge(call.targetPrefix() + "." + call.operation(), 1L, Long::sum);
        }
        return byOperation;
    }

    public synchronized void clear() {
        calls.clear();
    }
}
