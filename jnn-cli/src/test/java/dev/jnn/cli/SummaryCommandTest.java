package dev.jnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SummaryCommandTest {

    @Test
    void lenet5SummaryCountsItsParameters() {
        String out = MainTest.captureOut(() -> assertEquals(0, Main.run("summary", "--model", "lenet5", "--batch", "8")));
        assertTrue(out.contains("Total params: 61,706"), out);
        assertTrue(out.contains("Memory for a batch of 8"), out);
    }

    @Test
    void inputAndClassesChangeTheModel() {
        // 3x32x32 input: conv1 has 3*6*25+6 = 456 params (no padding at 32x32, so the flattened map is 400 wide).
        String out = MainTest.captureOut(() -> assertEquals(0,
                Main.run("summary", "--model", "lenet5", "--input", "3x32x32", "--classes", "5")));
        assertTrue(out.contains("Conv2d(3→6, 5x5)") && out.contains("Dense(84→5)") && out.contains("456"), out);
    }

    @Test
    void unknownModelIsAUsageErrorListingTheNames() {
        String[] err = new String[1];
        String out = MainTest.captureOut(() -> err[0] = MainTest.captureErr(
                () -> assertEquals(2, Main.run("summary", "--model", "no-such-net"))));
        assertTrue(err[0].contains("no-such-net") && err[0].contains("lenet5") && err[0].contains("resnet50"), err[0]);
        assertTrue(!err[0].contains("Exception"), err[0]);
        assertEquals("", out);
    }

    @Test
    void badShapeIsAUsageError() {
        String err = MainTest.captureErr(() -> assertEquals(2,
                Main.run("summary", "--model", "lenet5", "--input", "1xfoo")));
        assertTrue(err.contains("CxHxW"), err);
    }

    @Test
    void listAndHelpShowTheNames() {
        String list = MainTest.captureOut(() -> assertEquals(0, Main.run("summary", "--list")));
        assertTrue(list.contains("resnet50") && list.contains("3x224x224"), list);
        String help = MainTest.captureOut(() -> assertEquals(0, Main.run("summary", "--help")));
        assertTrue(help.contains("Models:") && help.contains("googlenet"), help);
    }
}
