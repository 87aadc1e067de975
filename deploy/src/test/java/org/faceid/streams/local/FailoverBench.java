package org.faceid.streams.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.faceid.streams.gateway.auth.ApiKeys;
import org.faceid.streams.processors.Pipeline;

/**
 * {@code bench/failover.sh}: every stage in a container of its own under a steady load of every kind
 * of call; kills each stage in turn (SIGKILL), starts it again and prints, per stage, the calls sent
 * meanwhile, answered, lost and answered twice, and how long after its start answers through that
 * stage flowed again.
 */
public final class FailoverBench {

  /** One stage's round: from its kill to the next stage's kill. */
  record Round(String stage, long killedAt, long startedAt, long runningAt, long endedAt) {}

  private FailoverBench() {}

  public static void main(String[] args) throws Exception {
    Duration settle = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20);
    String key = "bench-key";
    String secret = ApiKeys.randomHex(24);
    try (ContainerDeployment deployment = new ContainerDeployment(key, secret, Pipeline.STAGES).start();
        SteadyLoad load = SteadyLoad.start(deployment.api(), key, secret, 2, List.of(SteadyLoad.Kind.values()))) {
      load.awaitAnswered(10, Duration.ofMinutes(3));
      List<Round> rounds = new ArrayList<>();
      for (String stage : Pipeline.STAGES) {
        long killedAt = System.nanoTime();
        deployment.kill(stage);
        Thread.sleep(2_000);
        long startedAt = System.nanoTime();
        deployment.restart(stage);
        long runningAt = System.nanoTime();
        Thread.sleep(settle.toMillis());
        rounds.add(new Round(stage, killedAt, startedAt, runningAt, System.nanoTime()));
      }
      load.stopAndJoin(Duration.ofMinutes(2));
      print(rounds, load.outcomes(), CommittedResults.countByRequestId(deployment.bootstrapServers()));
    }
  }

  static void print(List<Round> rounds, List<SteadyLoad.Outcome> outcomes, Map<String, Long> committed) {
    System.out.println("| stage killed | sent | answered | lost | answered twice | running after start (s) | answers through it after start (s) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Round round : rounds) {
      List<SteadyLoad.Outcome> sent = outcomes.stream()
          .filter(o -> o.sentAt() >= round.killedAt() && o.sentAt() < round.endedAt()).toList();
      LoadReport report = LoadReport.of(sent, committed);
      // The first answer, after the start, of a call whose request passes through the killed stage.
      String flowing = outcomes.stream()
          .filter(o -> o.kind().stages.contains(round.stage()) && !o.lost() && o.answeredAt() > round.startedAt())
          .mapToLong(SteadyLoad.Outcome::answeredAt).min()
          .stream().mapToObj(at -> seconds(at - round.startedAt())).findFirst().orElse("none");
      System.out.printf("| %s | %d | %d | %d | %d | %s | %s |%n", round.stage(), report.sent(), report.answered(),
          report.lost().size(), report.answeredTwice().size(), seconds(round.runningAt() - round.startedAt()), flowing);
    }
  }

  private static String seconds(long nanos) {
    return String.format("%.1f", nanos / 1e9);
  }
}
