package dev.siren.guard;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The open/closed state a guard shares between its scoring threads: calls run concurrently while the guard is open,
 * close waits for them to finish and releases the guard's resources once; calls after close are refused.
 */
public final class GuardLifecycle {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final String guardName;
    private boolean closed;

    /** {@code guardName} names the guard in the error a call after close gets. */
    public GuardLifecycle(String guardName) {
        this.guardName = guardName;
    }

    /** Runs {@code action} while the guard is open; throws {@link IllegalStateException} once it is closed. */
    public <T> T whileOpen(Supplier<T> action) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this " + guardName + " is closed");
            }
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the guard: runs {@code release} once, after running calls finished; later closes do nothing. */
    public void close(Runnable release) {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
