package org.faceid.streams.processors.speech;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.faceid.streams.processors.TestProcessorsConfig;

/**
 * The speech stage's check of one reading, as production runs it ({@link TranscriptCheckedRecognizer}:
 * Moonshine's support beside PocketSphinx's alignment alone), against the path it replaced
 * (PocketSphinx's full check, every competing number scored, beside the same Moonshine support), in
 * one run on the same FSDD readings, alternated reading by reading: wall time per reading (p50) and
 * the process's CPU time per reading, and whether both gave the same transcript support and digit
 * times. From the repository root:
 * <pre>
 * java -Xss4m -cp stream-processors/target/test-classes:stream-processors/target/classes:schemas/target/classes:$(cat /tmp/cp.txt) \
 *   org.faceid.streams.processors.speech.SpeechCheckBenchmark [readings, 24] 2>/dev/null
 * </pre>
 */
public final class SpeechCheckBenchmark {

  private static final int WARM_UP = 4;

  private SpeechCheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int readings = args.length > 0 ? Integer.parseInt(args[0]) : 24;
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (SpeechRecognizer production = SpeechRecognizers.from(null, TestProcessorsConfig.modelDir());
        PocketSphinxRecognizer sphinx = new PocketSphinxRecognizer();
        MoonshineScorer moonshine = MoonshineScorer.load(TestProcessorsConfig.modelDir())) {
      if (moonshine == null) {
        throw new IllegalStateException("no Moonshine model: run deploy/fetch-models.sh");
      }
      List<Long> wallNow = new ArrayList<>();
      List<Long> wallBefore = new ArrayList<>();
      long cpuNow = 0;
      long cpuBefore = 0;
      int differing = 0;
      List<IssuedNumberTrials.VariedReading> varied = IssuedNumberTrials.variedReadings(WARM_UP + readings, 11);
      for (int k = 0; k < varied.size(); k++) {
        IssuedNumberTrials.VariedReading reading = varied.get(k);
        String speaker = reading.speaker();
        ReadingCondition condition = reading.condition();
        String number = reading.number();
        short[] pcm = reading.pcm();

        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Verification now = production.verify(pcm, number);
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        CompletableFuture<Double> support = CompletableFuture.supplyAsync(
            () -> moonshine.support(moonshine.listen(pcm), number), pool);
        Verification full = sphinx.verify(pcm, number);
        double before = support.join();
        long t2 = System.nanoTime();
        long cpu2 = os.getProcessCpuTime();
        if (k < WARM_UP) {
          continue;
        }
        wallNow.add(t1 - t0);
        wallBefore.add(t2 - t1);
        cpuNow += cpu1 - cpu0;
        cpuBefore += cpu2 - cpu1;
        boolean same = now.transcriptSupport() == before && now.issuedWords().equals(full.issuedWords());
        differing += same ? 0 : 1;
        System.out.printf(Locale.ROOT, "%-8s %-11s %s support %8.4f / %8.4f  words %s  wall %4d / %4d ms%n", speaker,
            condition.name().toLowerCase(Locale.ROOT), number, now.transcriptSupport(), before,
            now.issuedWords().equals(full.issuedWords()) ? "same" : "DIFFER", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
      }
      System.out.printf(Locale.ROOT, "%d readings, %d with a different support or digit times%n", readings, differing);
      System.out.printf(Locale.ROOT, "alignment beside Moonshine: wall p50 %d ms, CPU %d ms a reading%n",
          p50(wallNow), cpuNow / readings / 1_000_000);
      System.out.printf(Locale.ROOT, "full PocketSphinx check beside Moonshine (before): wall p50 %d ms, CPU %d ms a reading%n",
          p50(wallBefore), cpuBefore / readings / 1_000_000);
    } finally {
      pool.shutdown();
    }
  }

  private static long p50(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2] / 1_000_000;
  }
}
