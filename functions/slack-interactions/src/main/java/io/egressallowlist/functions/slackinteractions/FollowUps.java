package io.egressallowlist.functions.slackinteractions;

import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.slack.SlackReply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Slack messages that follow an answer, run on a small pool and waited for only until the ack budget after
 * the request arrived: Slack needs the answer within 3 seconds (aws-api-notes §5).
 */
final class FollowUps {

    private static final int THREADS = 4;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, runnable -> {
        Thread thread = new Thread(runnable, "slack-follow-up");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration ackBudget;
    private final JsonLog log;

    FollowUps(Duration ackBudget, JsonLog log) {
        this.ackBudget = ackBudget;
        this.log = log;
    }

    /** Runs {@code work} in parallel and waits for it until the ack budget is spent. */
    void run(List<SlackReply.FollowUp> work, long arrived, String requestId) {
        List<Future<?>> running = new ArrayList<>();
        for (SlackReply.FollowUp followUp : work) {
            running.add(pool.submit(() -> {
                try {
                    followUp.work().run();
                } catch (RuntimeException e) {
                    log.warn("Slack follow-up failed", "followUp", followUp.name(),
                            "exception", e.getClass().getSimpleName(), "requestId", requestId);
                }
            }));
        }
        long deadline = arrived + ackBudget.toNanos();
        int unfinished = 0;
        for (Future<?> future : running) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                unfinished++;
            } catch (ExecutionException e) {
                // Logged by the task itself.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unfinished++;
            }
        }
        if (unfinished > 0) {
            log.warn("Answering Slack before every follow-up message finished", "unfinished", unfinished,
                    "requestId", requestId);
        }
    }
}
