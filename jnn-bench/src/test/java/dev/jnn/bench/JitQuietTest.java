package dev.jnn.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitQuietTest {

    private static final long WINDOW = JitQuiet.WINDOW_NANOS;

    @Test
    void notQuietUntilAWholeWindowHasEnded() {
        JitQuiet jit = new JitQuiet(() -> 0L, 0);
        assertFalse(jit.quietAt(WINDOW - 1), "no window has ended yet");
        assertTrue(jit.quietAt(WINDOW), "a window without compiling is quiet");
    }

    @Test
    void aWindowThatCompiledMoreThanItsShareIsBusyAndTheNextQuietOneCounts() {
        var compiled = new AtomicLong(1_000);
        JitQuiet jit = new JitQuiet(compiled::get, 0);
        long windowMillis = WINDOW / 1_000_000;
        compiled.addAndGet((long) (windowMillis * JitQuiet.MAX_SHARE) + 1);
        assertFalse(jit.quietAt(WINDOW), "compiled just over its share of the window");
        assertFalse(jit.quietAt(WINDOW + WINDOW / 2), "the judgement holds until the next window ends");
        compiled.addAndGet((long) (windowMillis * JitQuiet.MAX_SHARE) - 1);
        assertTrue(jit.quietAt(2 * WINDOW), "compiled just under its share of the next window");
    }

    @Test
    void thisJvmsWatcherIsNotQuietBeforeItsFirstWindowHasEnded() {
        long start = System.nanoTime();
        JitQuiet jit = JitQuiet.ofThisJvm(start);
        assertFalse(jit.quietAt(start + WINDOW - 1), "no window has ended yet");
    }
}
