package io.docchat.chat.llm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Set when the client went away; whoever holds an upstream call registers how to abort it. */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            listeners.forEach(Runnable::run);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Runs {@code action} on cancel (at once if already cancelled); the returned handle unregisters it. */
    public Runnable onCancel(Runnable action) {
        listeners.add(action);
        if (cancelled.get()) {
            action.run();
        }
        return () -> listeners.remove(action);
    }
}
