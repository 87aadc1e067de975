package org.faceid.streams.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.faceid.streams.local.LocalConfig;
import org.faceid.streams.local.StageProcess;
import org.faceid.streams.processors.Pipeline;
import org.faceid.streams.processors.ProcessorsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "stage",
    mixinStandardHelpOptions = true,
    description = {
        "Some processor stages in this process, on the Kafka cluster FACEID_BOOTSTRAP_SERVERS.",
        "More processes of a stage share its partitions. Configured only by the FACEID_* environment variables."
    })
final class StageCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "stages to run: ${COMPLETION-CANDIDATES}",
      completionCandidates = StageNames.class)
  List<String> stages;

  /** The names picocli lists in --help and accepts. */
  static final class StageNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Pipeline.STAGES.iterator();
    }
  }

  @Override
  public Integer call() throws Exception {
    StageProcess.run(stages, LocalConfig.fromEnv(System.getenv()), ProcessorsConfig.fromEnv(System.getenv()));
    return 0;
  }
}
