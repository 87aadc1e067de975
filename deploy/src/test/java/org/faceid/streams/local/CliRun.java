package org.faceid.streams.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** One operator command run in this JVM, as {@code deploy/faceid} runs it, with its console captured. */
record CliRun(int exitCode, String console) {

  interface Command {
    Callable<Integer> make(Map<String, String> env, PrintStream console);
  }

  static CliRun run(Command command, Map<String, String> env, String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(captured, true, StandardCharsets.UTF_8);
    CommandLine line = new CommandLine(command.make(env, console));
    line.setErr(new java.io.PrintWriter(console, true));
    line.setOut(new java.io.PrintWriter(console, true));
    int code = line.execute(args);
    String text = captured.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    return new CliRun(code, text);
  }
}
