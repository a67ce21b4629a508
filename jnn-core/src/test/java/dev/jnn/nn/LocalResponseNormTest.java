package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LocalResponseNormTest {

    @Test
    void acrossChannelsMatchesTheFormula() {
        for (int size : new int[] {5, 4, 1}) {
            double alpha = 0.3;
            double beta = 0.75;
            double k = 2;
            Tensor x = Tensor.randn(size, 2, 7, 3, 2).mul(2f);
            float[] y = LocalResponseNorm.acrossChannels(size, alpha, beta, k).forward(x).toArray();
            float[] a = x.toArray();
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 7; c++) {
                    for (int p = 0; p < 6; p++) {
                        double s = 0;
                        for (int cc = c - size / 2; cc <= c + (size - 1) / 2; cc++) {
                            if (cc >= 0 && cc < 7) {
                                double v = a[(n * 7 + cc) * 6 + p];
                                s += v * v;
                            }
                        }
                        int at = (n * 7 + c) * 6 + p;
                        assertEquals(a[at] / Math.pow(k + alpha / size * s, beta), y[at], 1e-5, "size " + size);
                    }
                }
            }
        }
    }

    @Test
    void alexNetDefaults() {
        assertEquals("LocalResponseNorm(across channels, size=5, alpha=1.0E-4, beta=0.75, k=2.0)",
                new LocalResponseNorm().describe());
        Tensor x = Tensor.full(10f, 1, 1, 1, 1);
        // One channel: 10 / (2 + 1e-4/5 · 100)^0.75
        assertEquals(10 / Math.pow(2 + 1e-4 / 5 * 100, 0.75), new LocalResponseNorm().forward(x).item(), 1e-5);
    }

    @Test
    void withinChannelMatchesTheFormula() {
        int size = 3;
        double alpha = 0.5;
        double beta = 0.6;
        double k = 1;
        Tensor x = Tensor.randn(9, 2, 3, 4, 5);
        float[] y = LocalResponseNorm.withinChannel(size, alpha, beta, k).forward(x).toArray();
        float[] a = x.toArray();
        for (int nc = 0; nc < 6; nc++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    double s = 0;
                    for (int ii = i - 1; ii <= i + 1; ii++) {
                        for (int jj = j - 1; jj <= j + 1; jj++) {
                            if (ii >= 0 && ii < 4 && jj >= 0 && jj < 5) {
                                double v = a[(nc * 4 + ii) * 5 + jj];
                                s += v * v;
                            }
                        }
                    }
                    int at = (nc * 4 + i) * 5 + j;
                    assertEquals(a[at] / Math.pow(k + alpha / 9 * s, beta), y[at], 1e-5);
                }
            }
        }
    }

    @Test
    void gradients() {
        Checks.gradients(LocalResponseNorm.acrossChannels(3, 0.5, 0.75, 1), Tensor.randn(1, 2, 5, 2, 2));
        Checks.gradients(LocalResponseNorm.withinChannel(3, 0.5, 0.75, 1), Tensor.randn(2, 1, 2, 4, 3));
        Checks.gradients(new LocalResponseNorm(), Tensor.randn(3, 2, 6, 2, 2).mul(5f));
    }
}
