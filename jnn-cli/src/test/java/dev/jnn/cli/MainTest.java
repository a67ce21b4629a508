package dev.jnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsTheCommands() {
        String out = captureOut(() -> assertEquals(0, Main.run("--help")));
        assertTrue(out.contains("info") && out.contains("bench"), out);
    }

    @Test
    void infoPrintsVectorWidth() {
        String out = captureOut(() -> assertEquals(0, Main.run("info")));
        assertTrue(out.contains("vector width:"), out);
    }

    @Test
    void unknownCommandFails() {
        PrintStream err = System.err;
        try {
            System.setErr(new PrintStream(new ByteArrayOutputStream()));
            assertNotEquals(0, Main.run("no-such-command"));
        } finally {
            System.setErr(err);
        }
    }

    static String captureOut(Runnable r) {
        PrintStream old = System.out;
        var buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    static String captureErr(Runnable r) {
        PrintStream old = System.err;
        var buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString();
    }
}
