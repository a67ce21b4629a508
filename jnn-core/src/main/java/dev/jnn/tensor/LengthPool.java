package dev.jnn.tensor;

import java.util.ArrayDeque;

/**
 * Free arrays by length: an open-addressing table from int lengths to queues, so that taking and returning an
 * array boxes no Integer (a HashMap key would, for every length above 127). A step uses a few dozen lengths.
 */
final class LengthPool<A> {

    private int[] lengths = new int[16];
    private ArrayDeque<A>[] queues = newQueues(16);
    private int used;

    @SuppressWarnings("unchecked")
    private static <A> ArrayDeque<A>[] newQueues(int n) {
        return (ArrayDeque<A>[]) new ArrayDeque<?>[n];
    }

    /** The queue for {@code length}, or null if none was made yet. */
    ArrayDeque<A> find(int length) {
        int mask = lengths.length - 1;
        for (int i = mix(length) & mask; queues[i] != null; i = (i + 1) & mask) {
            if (lengths[i] == length) {
                return queues[i];
            }
        }
        return null;
    }

    /** The queue for {@code length}, made on first use. */
    ArrayDeque<A> queue(int length) {
        ArrayDeque<A> q = find(length);
        if (q != null) {
            return q;
        }
        if (2 * (used + 1) > lengths.length) {
            grow();
        }
        q = new ArrayDeque<>();
        insert(length, q);
        used++;
        return q;
    }

    int count() {
        int n = 0;
        for (ArrayDeque<A> q : queues) {
            n += q == null ? 0 : q.size();
        }
        return n;
    }

    private void insert(int length, ArrayDeque<A> q) {
        int mask = lengths.length - 1;
        int i = mix(length) & mask;
        while (queues[i] != null) {
            i = (i + 1) & mask;
        }
        lengths[i] = length;
        queues[i] = q;
    }

    private void grow() {
        int[] oldLengths = lengths;
        ArrayDeque<A>[] oldQueues = queues;
        lengths = new int[oldLengths.length * 2];
        queues = newQueues(oldLengths.length * 2);
        for (int i = 0; i < oldLengths.length; i++) {
            if (oldQueues[i] != null) {
                insert(oldLengths[i], oldQueues[i]);
            }
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
