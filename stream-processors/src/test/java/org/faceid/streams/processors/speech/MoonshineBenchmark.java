package org.faceid.streams.processors.speech;

import java.util.Locale;
import java.util.Random;
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
      Random random = new Random(7);
      long listening = 0;
      long scoring = 0;
      for (int k = 0; k < WARM_UP + readings; k++) {
        String speaker = SpokenDigits.SPEAKERS.get(k % SpokenDigits.SPEAKERS.size());
        ReadingCondition condition = ReadingCondition.values()[k % ReadingCondition.values().length];
        String number = String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
        int[] takes = random.ints(4, 0, SpokenDigits.TAKES).toArray();
        short[] pcm = IssuedNumberTrials.fsddReading(speaker, number, takes, condition, random).pcm();
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
