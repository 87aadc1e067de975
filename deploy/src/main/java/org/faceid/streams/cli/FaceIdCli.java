package org.faceid.streams.cli;

import org.faceid.streams.local.FaceIdLocal;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code deploy/faceid <command>}: the operator tools. Each command is a class of its own, registered here;
 * {@code --help} works on every one.
 */
@Command(
    name = "faceid",
    mixinStandardHelpOptions = true,
    description = "Operator tools of faceid-streams.",
    subcommands = {
        FaceIdCli.Local.class,
        IdentitiesCommand.class,
        org.faceid.streams.cli.batch.BatchCommand.class,
        org.faceid.streams.cli.replay.ReplayCommand.class,
        GatewayCommand.class,
        StageCommand.class,
        TopicsCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class FaceIdCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every command, also for tests. */
  public static CommandLine commandLine() {
    // An operator's mistake (no service, a bad manifest) is a message, not a stack trace.
    return new CommandLine(new FaceIdCli()).setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("faceid " + line.getCommandName() + ": " + e.getMessage());
      return 1;
    });
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  @Command(
      name = "local",
      mixinStandardHelpOptions = true,
      description = {
          "The whole service in this JVM on an embedded single-node Kafka (what deploy/run-local.sh starts).",
          "Configured by the FACEID_* environment variables of the README."
      })
  static final class Local implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      FaceIdLocal.main(new String[0]);
      return 0;
    }
  }
}
