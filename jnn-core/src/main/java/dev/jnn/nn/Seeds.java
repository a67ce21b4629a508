package dev.jnn.nn;

import java.util.SplittableRandom;

/**
 * Derives a parameter's generator from a seed and the parameter's name, so that weights depend only on (seed, name,
 * initializer): not on construction order, not on how many other parameters exist.
 */
final class Seeds {

    /** The seed of a model that was never given one with {@link Module#initialize(long)}. */
    static final long DEFAULT_SEED = 0L;

    private Seeds() {}

    static SplittableRandom generator(long seed, String name) {
        // FNV-1a over the UTF-16 units of the name, then a murmur3-style finalizer mixed with the seed: stable across
        // JVMs (String.hashCode would do too, but 32 bits collide too easily among thousands of parameter names).
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(mix(h ^ mix(seed + 0x9E3779B97F4A7C15L)));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
