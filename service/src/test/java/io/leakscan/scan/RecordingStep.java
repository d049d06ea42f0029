package io.leakscan.scan;

import org.springframework.core.annotation.Order;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test phase after preflight. Counts runs per scan, tracks how many runs of one target overlap, and behaves by the
 * first endpoint's path: {@code /hold} waits for cancellation (on the first attempt only), {@code /steps} reports
 * progress in five steps, {@code /boom} fails with a code, anything else finishes after a short pause.
 */
@Order(500)
final class RecordingStep implements ScanStep {

    static final Map<UUID, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> ACTIVE_PER_TARGET = new ConcurrentHashMap<>();
    static final Queue<String> OVERLAPS = new ConcurrentLinkedQueue<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public int weight() {
        return 4;
    }

    @Override
    public void run(ScanContext ctx) throws Exception {
        RUNS.computeIfAbsent(ctx.scanId(), id -> new AtomicInteger()).incrementAndGet();
        String target = TargetKey.of(ctx.spec().target().baseUrl());
        AtomicInteger active = ACTIVE_PER_TARGET.computeIfAbsent(target, t -> new AtomicInteger());
        if (active.incrementAndGet() > 1) {
            OVERLAPS.add(target);
        }
        try {
            String path = ctx.spec().endpoints().isEmpty() ? "/" : ctx.spec().endpoints().getFirst().path();
            switch (path) {
                case "/hold" -> {
                    if (ctx.attempt() == 1) {
                        while (!ctx.cancellation().await(Duration.ofSeconds(1))) {
                            ctx.progress(50);
                        }
                        ctx.throwIfCancelled();
                    }
                }
                case "/steps" -> {
                    for (int i = 1; i <= 5; i++) {
                        ctx.cancellation().await(Duration.ofMillis(150));
                        ctx.throwIfCancelled();
                        ctx.progress(i * 20);
                    }
                }
                case "/boom" -> throw new ScanFailedException("TARGET_UNSTABLE", "The target kept failing.");
                case "/crash" -> throw new IllegalStateException("SELECT * FROM secret_table");
                default -> ctx.cancellation().await(Duration.ofMillis(20));
            }
        } finally {
            active.decrementAndGet();
        }
    }
}
