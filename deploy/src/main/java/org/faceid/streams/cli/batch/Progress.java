package org.faceid.streams.cli.batch;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A batch's progress: done/total, rate, ETA and failures by code. On a terminal one bar redrawn in
 * place; otherwise (a log, a pipe) a plain line every {@code interval}.
 */
final class Progress {

  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final long intervalNanos;
  private final int total;
  private final int skipped;
  private long started = System.nanoTime();
  private long ended = -1;
  private long cpuAtBegin = processCpuNanos();
  private long cpuAtEnd = -1;
  private final Outcomes.Counts counts;
  private int doneThisRun;
  private int shownDone = -1;
  private long lastShown;

  Progress(PrintStream out, boolean terminal, long intervalMillis, int total, int skipped, Outcomes.Counts counts) {
    this.out = out;
    this.terminal = terminal;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.total = total;
    this.skipped = skipped;
    this.counts = counts;
    this.lastShown = started;
  }

  /** stdout is a terminal (not redirected). */
  static boolean stdoutIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    // From JDK 22 there is a console even when redirected; Console.isTerminal() tells (the build targets 21).
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** The cases start now: the rate leaves out connecting to the service (and starting one in-process). */
  synchronized void begin() {
    started = System.nanoTime();
    lastShown = started;
    cpuAtBegin = processCpuNanos();
  }

  /** The last case is done: the rate stops here (closing the connection is not the cases' time). */
  synchronized void end() {
    ended = System.nanoTime();
    cpuAtEnd = processCpuNanos();
  }

  synchronized void caseDone() {
    doneThisRun++;
    long now = System.nanoTime();
    if (now - lastShown >= intervalNanos || skipped + doneThisRun == total) {
      lastShown = now;
      show(now);
    }
  }

  synchronized void finish() {
    if (shownDone != skipped + doneThisRun) {
      show(System.nanoTime());
    }
    if (terminal) {
      out.println();
    }
    out.flush();
  }

  /** Cases finished per second in this run. */
  synchronized double rate() {
    double seconds = ((ended < 0 ? System.nanoTime() : ended) - started) / 1e9;
    return seconds <= 0 ? 0 : doneThisRun / seconds;
  }

  /**
   * This process's CPU seconds (every thread) per case run, over the same span as {@link #rate()}:
   * what the command costs the machine per case, without its JVM start and connection.
   */
  synchronized double cpuSecondsPerCase() {
    long cpu = (cpuAtEnd < 0 ? processCpuNanos() : cpuAtEnd) - cpuAtBegin;
    return doneThisRun == 0 ? 0 : cpu / 1e9 / doneThisRun;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private void show(long now) {
    int done = skipped + doneThisRun;
    shownDone = done;
    double rate = rate();
    String eta = rate > 0 ? duration((total - done) / rate) : "?";
    String failures = counts.failures() == 0 ? "0" : counts.failures() + " (" + counts.errorsText() + ")";
    String status = String.format(Locale.ROOT, "%d/%d cases, %.2f/s, ETA %s, failures %s", done, total, rate, eta, failures);
    if (terminal) {
      int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
      out.print("\r\033[K[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + status);
    } else {
      out.println("progress: " + status);
    }
    out.flush();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
