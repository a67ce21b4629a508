package dev.jnn.kernel;

import static dev.jnn.kernel.Conv2dKernelTest.assertClose;
import static dev.jnn.kernel.Conv2dKernelTest.filled;
import static dev.jnn.kernel.Conv2dKernelTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Conv2dDirectTest {

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** Stride-1 shapes: LeNet's layers and their input gradient, odd sizes, odd channel counts, groups, dilation. */
    static List<Conv2dShape> shapes() {
        List<Conv2dShape> list = new ArrayList<>(List.of(
                // batch, inC, inH, inW, outC, kH, kW, sH, sW, pH, pW, dH, dW, groups
                new Conv2dShape(3, 1, 32, 32, 6, 5, 5, 1, 1, 0, 0, 1, 1, 1),      // LeNet C1, 32×32 input
                new Conv2dShape(5, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1),      // LeNet C1, 28×28 padded
                new Conv2dShape(3, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1),     // LeNet C3
                new Conv2dShape(2, 1, 17, 37, 5, 5, 5, 1, 1, 2, 2, 1, 1, 1),      // odd channels, wide rows
                new Conv2dShape(2, 3, 5, 5, 3, 5, 5, 1, 1, 2, 2, 1, 1, 1),        // fewer outputs than a block
                new Conv2dShape(1, 2, 4, 4, 1, 5, 5, 1, 1, 2, 2, 1, 1, 1),        // kernel larger than input
                new Conv2dShape(2, 4, 12, 11, 6, 4, 4, 1, 1, 1, 2, 1, 1, 2),      // groups, even kernel
                new Conv2dShape(2, 2, 13, 12, 3, 3, 3, 1, 1, 2, 1, 2, 2, 1),      // dilation
                new Conv2dShape(2, 3, 9, 10, 7, 1, 3, 1, 1, 0, 1, 1, 1, 1),       // taps not a multiple of 5
                Conv2dShape.conv1d(3, 2, 50, 5, 7, 1, 3, 1, 1)));
        Random rnd = new Random(21);
        for (int t = 0; t < 20; t++) {
            int groups = 1 + rnd.nextInt(2);
            int cpg = 1 + rnd.nextInt(4), opg = 1 + rnd.nextInt(7);
            int kh = 1 + rnd.nextInt(5), kw = 1 + rnd.nextInt(5);
            int dh = 1 + rnd.nextInt(2), dw = 1 + rnd.nextInt(2);
            int ph = rnd.nextInt(kh), pw = rnd.nextInt(kw);
            int ih = Math.max(1, dh * (kh - 1) + 1 - 2 * ph) + rnd.nextInt(20);
            int iw = Math.max(1, dw * (kw - 1) + 1 - 2 * pw) + rnd.nextInt(20);
            list.add(new Conv2dShape(1 + rnd.nextInt(6), cpg * groups, ih, iw, opg * groups, kh, kw, 1, 1, ph, pw,
                    dh, dw, groups));
        }
        return list;
    }

    @Test
    void forwardMatchesReference() {
        ConvChecks.forwardMatchesReference(ConvChecks.DIRECT, shapes());
    }

    @Test
    void backwardInputMatchesReference() {
        ConvChecks.backwardInputMatchesReference(ConvChecks.DIRECT, shapes());
    }

    @Test
    void backwardWeightMatchesReference() {
        ConvChecks.backwardWeightMatchesReference(ConvChecks.DIRECT, shapes());
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        ConvChecks.resultsDoNotDependOnThreadCount(ConvChecks.DIRECT, List.of(new Conv2dShape(9, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1),
                new Conv2dShape(7, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1)));
    }

    @Test
    void dispatchTakesLeNetLayersAndLeavesOthersToGemm() {
        var c1 = new Conv2dShape(64, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1);
        var c3 = new Conv2dShape(64, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1);
        assertTrue(Conv2dDirect.suits(c1));
        assertTrue(Conv2dDirect.suits(c3));
        assertTrue(Conv2dDirect.suitsBackwardInput(c3));
        assertFalse(Conv2dDirect.suits(new Conv2dShape(8, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1)));
        assertFalse(Conv2dDirect.suits(new Conv2dShape(8, 1, 28, 28, 6, 5, 5, 2, 2, 2, 2, 1, 1, 1)));
        assertFalse(Conv2dDirect.suits(new Conv2dShape(8, 16, 28, 28, 32, 5, 5, 1, 1, 2, 2, 1, 1, 1)));
        var strided = new Conv2dShape(1, 1, 9, 9, 2, 5, 5, 2, 2, 0, 0, 1, 1, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Conv2dDirect.forward(strided, new float[81], new float[50], null, new float[18]));
    }
}
