package org.faceid.streams.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void plainLinesOffATerminalAndTheCommandsOwnCpuPerCaseBetweenBeginAndEnd() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8), false, 60_000, 3, 1,
        new Outcomes.Counts());
    progress.begin();
    burnCpu(200);
    progress.caseDone();
    progress.caseDone();
    progress.end();
    progress.finish();

    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("progress: 3/3 cases, ").contains("failures 0")
        .doesNotContain("\r");
    assertThat(progress.cpuSecondsPerCase()).as("200 ms of this thread's CPU over 2 cases").isGreaterThanOrEqualTo(0.09);
    assertThat(progress.rate()).isPositive();
  }

  /** Spins until this thread has used {@code millis} of CPU. */
  private static void burnCpu(long millis) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
    long x = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      x += Long.numberOfTrailingZeros(x + System.nanoTime());
    }
    assertThat(x).isNotNegative();
  }
}
