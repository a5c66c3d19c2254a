package io.smsbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How busy the bridge's JIT compilers are, read from /proc (the CPU of its "C1/C2 CompilerThread" threads). On two
 * cores the compilers of a freshly started bridge take up to a whole core for minutes, and a round measured while they
 * do measures the compiler (BENCHMARKS.md, eleventh round). The benchmarks warm up until they are quiet and print
 * their share of each measured round.
 */
final class JitActivity {

    /** Below this share of one core over a warm-up round, the compilers count as settled. */
    static final double SETTLED_CORES = 0.1;
    private static final double TICKS_PER_SECOND = 100.0;   // USER_HZ on Linux

    private final long pid;
    private long ticks;
    private long processTicks;
    private long since;

    JitActivity(long pid) {
        this.pid = pid;
        restart();
    }

    /**
     * Whether a benchmark that began warming up at {@code startNanos} should do another warm-up round: until
     * {@code minSeconds} have passed, then while the compilers used {@code compilingCores} or more
     * ({@link #SETTLED_CORES}) in the last round, up to {@code maxSeconds} in all.
     */
    static boolean stillWarming(long startNanos, double compilingCores, long minSeconds, long maxSeconds) {
        long elapsed = System.nanoTime() - startNanos;
        return elapsed < minSeconds * 1_000_000_000L
                || compilingCores >= SETTLED_CORES && elapsed < maxSeconds * 1_000_000_000L;
    }

    /** Starts a new interval. */
    void restart() {
        ticks = compilerTicks();
        processTicks = processTicks();
        since = System.nanoTime();
    }

    /**
     * CPU seconds the bridge used since {@link #restart} outside its compilers: what the work measured cost, which
     * varies far less from hour to hour on a shared machine than the rate does.
     */
    double workCpuSeconds() {
        return ((processTicks() - processTicks) - (compilerTicks() - ticks)) / TICKS_PER_SECOND;
    }

    private long processTicks() {
        if (pid < 0) {
            return 0;
        }
        try {
            return cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException gone) {
            return 0;
        }
    }

    /** Cores the compilers used since {@link #restart}; 0 when the bridge's threads cannot be read. */
    double cores() {
        double seconds = (System.nanoTime() - since) / 1e9;
        return seconds <= 0 ? 0 : (compilerTicks() - ticks) / TICKS_PER_SECOND / seconds;
    }

    private long compilerTicks() {
        if (pid < 0) {
            return 0;
        }
        try (Stream<Path> threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return threads.mapToLong(JitActivity::compilerThreadTicks).sum();
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long compilerThreadTicks(Path thread) {
        try {
            String stat = Files.readString(thread.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            return name.contains("CompilerThre") ? cpuTicks(stat) : 0;
        } catch (IOException threadEnded) {
            return 0;
        }
    }

    /** CPU clock ticks (utime + stime, fields 14 and 15) of a /proc stat line, of a process or of one of its threads. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
