package dev.jnn.data;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one epoch. With prefetch, a daemon thread builds batches into a bounded queue; it ends after the
 * last batch, on {@link #close()}, or by itself once this iterator has been dropped and garbage-collected. A failure
 * while building a batch is rethrown to the consumer by {@link #next()}.
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    /** Name prefix of prefetch threads (tests count them to prove none leaks). */
    static final String THREAD_PREFIX = "jnn-prefetch-";

    private final BatchBuilder builder;
    private final int[] order;
    private final int batchSize;
    private final int total;
    private final int epoch;
    private final Channel channel;
    private final Thread producer;
    private int delivered;
    private boolean failed;

    /** State shared with the producer thread, which must not hold the iterator itself (so it can be collected). */
    private static final class Channel {
        final BlockingQueue<Object> queue;
        volatile boolean closed;

        Channel(int capacity) {
            queue = new ArrayBlockingQueue<>(capacity);
        }
    }

    private record Failure(int batch, Throwable cause) {
    }

    BatchIterator(BatchBuilder builder, int[] order, int batchSize, int total, int prefetch, int epoch) {
        this.builder = builder;
        this.order = order;
        this.batchSize = batchSize;
        this.total = total;
        this.epoch = epoch;
        if (prefetch > 0 && total > 0) {
            channel = new Channel(prefetch);
            WeakReference<BatchIterator> owner = new WeakReference<>(this);
            Channel ch = channel;
            producer = Thread.ofPlatform().daemon(true).name(THREAD_PREFIX + THREAD_IDS.incrementAndGet())
                    .unstarted(() -> produce(builder, order, batchSize, total, ch, owner));
            producer.start();
        } else {
            channel = null;
            producer = null;
        }
    }

    private static void produce(BatchBuilder builder, int[] order, int batchSize, int total, Channel ch,
            WeakReference<BatchIterator> owner) {
        for (int k = 0; k < total && !ch.closed; k++) {
            Object item;
            try {
                item = builder.build(order, k * batchSize, Math.min(order.length, (k + 1) * batchSize));
            } catch (Throwable t) {
                item = new Failure(k, t);
            }
            try {
                while (!ch.queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    if (ch.closed || owner.get() == null) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            if (item instanceof Failure) {
                return;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !failed && delivered < total && (channel == null || !channel.closed);
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: epoch " + epoch + " has no more batches");
        }
        if (channel == null) {
            int k = delivered++;
            return builder.build(order, k * batchSize, Math.min(order.length, (k + 1) * batchSize));
        }
        Object item;
        try {
            item = channel.queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + delivered
                    + " of epoch " + epoch, e);
        }
        if (item instanceof Failure f) {
            failed = true;
            close();
            throw new IllegalStateException("DataLoader: building batch " + f.batch() + " of epoch " + epoch
                    + " failed on the prefetch thread: " + f.cause(), f.cause());
        }
        delivered++;
        if (delivered == total) {
            close();
        }
        return (Batch) item;
    }

    /** Stops the prefetch thread (if any) and drops prepared batches; idempotent. */
    @Override
    public void close() {
        if (channel != null && !channel.closed) {
            channel.closed = true;
            channel.queue.clear();
            // No interrupt: it would close any NIO channel a lazy data set is reading on that thread. The producer
            // sees the flag within 50 ms (it polls while the queue is full) or after the batch it is building.
        }
    }

    /** The prefetch thread, or null when batches are built on the caller's thread (for tests). */
    Thread producerThread() {
        return producer;
    }
}
