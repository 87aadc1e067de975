package org.faceid.streams.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.faceid.streams.local.GatewayProcess;
import org.faceid.streams.local.LocalConfig;
import picocli.CommandLine.Command;

@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
        "The HTTP gateway alone, on the Kafka cluster FACEID_BOOTSTRAP_SERVERS; the stages run elsewhere (faceid stage).",
        "Configured only by the FACEID_* environment variables of the README; creates missing topics."
    })
final class GatewayCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    GatewayProcess.run(LocalConfig.fromEnv(System.getenv()), Clock.systemUTC());
    return 0;
  }
}
