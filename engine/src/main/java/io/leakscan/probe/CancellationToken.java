package io.leakscan.probe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Asks a running probe to stop. Thread-safe; cancelling twice keeps the first reason. A session registers a listener
 * that disposes every in-flight request and closes its connections at once, so traffic stops within a second.
 */
public final class CancellationToken {

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public void cancel(String why) {
        Objects.requireNonNull(why, "why");
        if (reason.compareAndSet(null, why)) {
            listeners.forEach(listener -> listener.accept(why));
        }
    }

    public boolean isCancelled() {
        return reason.get() != null;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason.get());
    }

    /** Runs {@code listener} on cancel, or right away if already cancelled. Returns a handle that unregisters it. */
    public Runnable onCancel(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        String already = reason.get();
        if (already != null && listeners.remove(listener)) {
            listener.accept(already);
        }
        return () -> listeners.remove(listener);
    }
}
