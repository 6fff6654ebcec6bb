package dev.annals.sqlite;

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

/** A test program ({@link ChildAppender}, {@link ChildSubscriber}) running in its own JVM, with the lines it has printed so far. */
final class ChildJvm implements AutoCloseable {

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

    /** Starts {@code ChildAppender} with {@code args}, on this test's class path. */
    static ChildJvm start(Path errors, String... args) throws IOException {
        return start(ChildAppender.class, errors, args);
    }

    /** Starts {@code main} with {@code args}, on this test's class path; its stderr goes to {@code errors}. */
    static ChildJvm start(Class<?> main, Path errors, String... args) throws IOException {
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
    void awaitReady() throws InterruptedException {
        while (!lines.contains("READY") && process.isAlive()) {
            Thread.sleep(2);
        }
    }

    /** Waits until the child has acknowledged {@code count} appends, or has exited. */
    void awaitAcks(int count) throws InterruptedException {
        while (acks().size() < count && process.isAlive()) {
            Thread.sleep(2);
        }
    }

    /** Waits until the child printed a line starting with {@code prefix} and returns it, or fails when it exited first. */
    String awaitLine(String prefix) throws InterruptedException {
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

    /** The lines starting with {@code prefix}, without it. */
    List<String> linesAfter(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}, …) to the child with {@code kill}. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " failed for the child " + process.pid());
        }
    }

    /** The {@code ACK} lines, split into their fields. */
    List<String[]> acks() {
        return lines.stream().filter(l -> l.startsWith("ACK ")).map(l -> l.split(" ")).toList();
    }

    /** SIGKILL: no shutdown hook, no close, nothing flushed that was not already. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        pump.join();
    }

    /** Waits for a normal exit and returns its code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish: " + describe());
        }
        pump.join();
        return process.exitValue();
    }

    List<String> lines() {
        return lines;
    }

    /** What the child printed on stderr, for failure messages. */
    String describe() {
        try {
            return "stdout tail " + lines.subList(Math.max(0, lines.size() - 3), lines.size()) + ", stderr: " + Files.readString(errors);
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
