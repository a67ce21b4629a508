package dev.jnn.nn.init;

import java.util.Arrays;

/**
 * Fan-in and fan-out of a weight: how many inputs feed one unit and how many outputs one input feeds. The
 * variance-scaling initializers (LeCun, Glorot, He) divide by them.
 *
 * <p>{@link #of(int[])} reads them from the shape in jnn's layouts:
 * <ul>
 *   <li>rank 2, a Dense weight {@code [in, out]}: fanIn = in, fanOut = out;</li>
 *   <li>rank ≥ 3, a convolution kernel {@code [outC, inC/groups, k1, k2, ...]}: with the receptive field
 *       {@code rf = k1·k2·...}, fanIn = (inC/groups)·rf and fanOut = outC·rf. This is PyTorch's convention
 *       ({@code _calculate_fan_in_and_fan_out}); note that fanOut does not divide by groups;</li>
 *   <li>rank 1 (a bias or scale {@code [n]}): fanIn = fanOut = n; rank 0: 1 and 1.</li>
 * </ul>
 * Use {@link #Fans(int, int)} directly for any other layout.
 */
public record Fans(int fanIn, int fanOut) {

    public Fans {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("Fans: fanIn and fanOut must be >= 1, got " + fanIn + " and " + fanOut);
        }
    }

    public static Fans of(int[] dims) {
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("Fans: every dimension must be >= 1, got " + Arrays.toString(dims));
            }
        }
        return switch (dims.length) {
            case 0 -> new Fans(1, 1);
            case 1 -> new Fans(dims[0], dims[0]);
            case 2 -> new Fans(dims[0], dims[1]);
            default -> {
                long rf = 1;
                for (int i = 2; i < dims.length; i++) {
                    rf *= dims[i];
                }
                yield new Fans(Math.toIntExact(dims[1] * rf), Math.toIntExact(dims[0] * rf));
            }
        };
    }

    /** Dense weight {@code [in, out]}. */
    public static Fans dense(int in, int out) {
        return new Fans(in, out);
    }

    /** Convolution kernel {@code [outC, inC/groups, kernel...]}: see the class comment. */
    public static Fans conv(int outChannels, int inChannelsPerGroup, int... kernel) {
        if (kernel.length == 0) {
            throw new IllegalArgumentException("Fans.conv: give the kernel size, e.g. conv(16, 6, 5, 5)");
        }
        int[] dims = new int[2 + kernel.length];
        dims[0] = outChannels;
        dims[1] = inChannelsPerGroup;
        System.arraycopy(kernel, 0, dims, 2, kernel.length);
        return of(dims);
    }

    /** The mean of fan-in and fan-out, Glorot's {@code fan_avg}. */
    public double fanAvg() {
        return (fanIn + (double) fanOut) / 2;
    }
}
