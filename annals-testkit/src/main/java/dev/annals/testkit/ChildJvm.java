package dev.annals.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A test program running in its own JVM on the test's class path, with the lines it has printed so far:
 * crash and multi-process tests start one, wait for the line that marks the moment they want, then kill,
 * pause or await it.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path errors;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private ChildJvm(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.pump = new Thread(this::pumpLines, "child-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code main} with {@code args}, on this test's class path; its stderr goes to {@code errors}. */
    public static ChildJvm start(Class<?> main, Path errors, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(errors.toFile())
                .start();
        return new ChildJvm(process, errors);
    }

    private void pumpLines() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child was killed mid-line: what was read is what counts
        }
    }

    /** Waits until the child has opened the store, or has exited. */
    public void awaitReady() throws InterruptedException {
        while (!lines.contains("READY") && process.isAlive()) {
            Thread.sleep(2);
        }
    }

    /** Waits until the child has acknowledged {@code count} appends, or has exited. */
    public void awaitAcks(int count) throws InterruptedException {
        while (acks().size() < count && process.isAlive()) {
            Thread.sleep(2);
        }
    }

    /** Waits until the child printed a line starting with {@code prefix} and returns it, or fails when it exited first. */
    public String awaitLine(String prefix) throws InterruptedException {
        while (true) {
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                pump.join();
                if (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
                    throw new AssertionError("the child exited without printing " + prefix + ": " + describe());
                }
            }
            Thread.sleep(2);
        }
    }

    /** Waits until the child printed {@code count} lines starting with {@code prefix}, or fails when it exited first. */
    public void awaitLines(String prefix, int count) throws InterruptedException {
        while (linesAfter(prefix).size() < count) {
            if (!process.isAlive()) {
                pump.join();
                if (linesAfter(prefix).size() < count) {
                    throw new AssertionError("the child exited before printing " + count + " lines " + prefix + ": " + describe());
                }
            }
            Thread.sleep(1);
        }
    }

    /** The lines starting with {@code prefix}, without it. */
    public List<String> linesAfter(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}, …) to the child with {@code kill}. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " failed for the child " + process.pid());
        }
    }

    /** The {@code ACK} lines, split into their fields. */
    public List<String[]> acks() {
        return lines.stream().filter(l -> l.startsWith("ACK ")).map(l -> l.split(" ")).toList();
    }

    /** SIGKILL: no shutdown hook, no close, nothing flushed that was not already. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        pump.join();
    }

    /** Waits for a normal exit and returns its code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish: " + describe());
        }
        pump.join();
        return process.exitValue();
    }

    public List<String> lines() {
        return lines;
    }

    /** What the child printed on stderr, for failure messages. */
    public String describe() {
        try {
            List<String> printed = List.copyOf(lines); // the pump may still be adding
            return "stdout tail " + printed.subList(Math.max(0, printed.size() - 3), printed.size()) + ", stderr: " + Files.readString(errors);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
