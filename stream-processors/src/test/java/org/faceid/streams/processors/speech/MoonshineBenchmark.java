package org.faceid.streams.processors.speech;

import java.util.List;
import java.util.Locale;
import org.faceid.streams.processors.TestProcessorsConfig;

/**
 * Time per Moonshine verification, split into listening (encoder and greedy transcription) and
 * scoring (the batched decoder run over the issued number, its neighbours and the free text), on
 * FSDD readings under every condition, one thread, in the thread's CPU time (onnxruntime runs a
 * one-thread session on the caller), which other load on the machine moves far less than wall
 * time. Prints each reading's support too, so that two
 * builds can be compared for equal results as well as for time. To compare with another build of
 * {@link MoonshineScorer}, put its compiled class first on the classpath and run both in turn:
 * <pre>
 * java -Xss4m -cp [other build's classes:]stream-processors/target/test-classes:stream-processors/target/classes:schemas/target/classes:$(cat /tmp/cp.txt) \
 *   org.faceid.streams.processors.speech.MoonshineBenchmark [readings, 20] 2>/dev/null
 * </pre>
 */
public final class MoonshineBenchmark {

  private static final int WARM_UP = 4;

  private MoonshineBenchmark() {}

  public static void main(String[] args) {
    int readings = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    try (MoonshineScorer scorer = MoonshineScorer.load(TestProcessorsConfig.modelDir())) {
      if (scorer == null) {
        throw new IllegalStateException("no Moonshine model in " + TestProcessorsConfig.modelDir() + ": run deploy/fetch-models.sh");
      }
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      long listening = 0;
      long scoring = 0;
      List<IssuedNumberTrials.VariedReading> varied = IssuedNumberTrials.variedReadings(WARM_UP + readings, 7);
      for (int k = 0; k < varied.size(); k++) {
        IssuedNumberTrials.VariedReading reading = varied.get(k);
        String speaker = reading.speaker();
        ReadingCondition condition = reading.condition();
        String number = reading.number();
        short[] pcm = reading.pcm();
        long start = cpu.getCurrentThreadCpuTime();
        MoonshineScorer.Utterance heard = scorer.listen(pcm);
        long listened = cpu.getCurrentThreadCpuTime();
        double support = scorer.support(heard, number);
        long scored = cpu.getCurrentThreadCpuTime();
        if (k >= WARM_UP) {
          listening += listened - start;
          scoring += scored - listened;
          System.out.printf(Locale.ROOT, "%-8s %-11s %s support %8.4f  listen %4d ms  score %4d ms%n", speaker,
              condition.name().toLowerCase(Locale.ROOT), number, support, (listened - start) / 1_000_000,
              (scored - listened) / 1_000_000);
        }
      }
      System.out.printf(Locale.ROOT, "mean CPU over %d readings: listen %d ms, score %d ms%n", readings,
          listening / readings / 1_000_000, scoring / readings / 1_000_000);
    }
  }
}
