package org.faceid.streams.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.faceid.streams.cli.OutcomeEvents;
import org.faceid.streams.cli.ServiceConnection;
import org.faceid.streams.cli.batch.Manifest.Case;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.local.IdentityKeyFile;
import org.faceid.streams.schema.OperatorOutcomeKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy/faceid batch}: verifies a manifest of cases through the pipeline, straight on Kafka. */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
        "Runs each case of a manifest through its whole flow (validation, then verify) as Avro events written "
            + "straight to Kafka, and writes one JSON line per case to --out in the API's own answer shapes.",
        "Resumable: run again with the same --out and finished ids are skipped; every id ends there once.",
        "Finds the service through FACEID_DATA_DIR or FACEID_BOOTSTRAP_SERVERS; with neither it starts the "
            + "pipeline in this process for the run. Manifest format: see the README (CSV with a header, or JSONL)."
    })
public final class BatchCommand implements Callable<Integer> {

  @Option(names = "--manifest", required = true, description = "CSV with a header row, or JSON lines: one case a row")
  Path manifest;

  @Option(names = "--out", required = true, description = "JSON lines, one per case; appended to, finished ids skipped")
  Path out;

  @Option(names = "--concurrency", defaultValue = "4", description = "cases in flight at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--api-key", defaultValue = "faceid-batch",
      description = "the api_key the cases' tokens are bound to (default: ${DEFAULT-VALUE})")
  String apiKey;

  @Option(names = "--timeout", defaultValue = "PT5M", description = "longest wait for one answer, ISO-8601 (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--progress-interval-ms", defaultValue = "5000", hidden = true)
  long progressIntervalMs;

  private final Map<String, String> env;
  private final PrintStream console;

  public BatchCommand() {
    this(System.getenv(), System.out);
  }

  /** With the environment and console given (tests). */
  public BatchCommand(Map<String, String> env, PrintStream console) {
    this.env = env;
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1");
    }
    List<Case> cases = Manifest.read(manifest);
    try (OutFile outFile = OutFile.open(out)) {
      List<Case> todo = cases.stream().filter(c -> !outFile.finished(c.id())).toList();
      int skipped = cases.size() - todo.size();
      console.printf("batch: %d cases in %s, %d already in %s, %d to run%n", cases.size(), manifest, skipped, out, todo.size());
      Outcomes.Counts running = new Outcomes.Counts();
      Progress progress = new Progress(console, console == System.out && Progress.stdoutIsTerminal(), progressIntervalMs, cases.size(), skipped, running);
      if (!todo.isEmpty()) {
        try (ServiceConnection service = ServiceConnection.connect(env, true, console);
            DirectApi api = new DirectApi(service.clientBase(), apiKey, timeout, identityKeys());
            OutcomeEvents events = new OutcomeEvents(service.clientBase(), console)) {
          progress.begin();
          run(todo, new CaseRunner(api, manifest.toAbsolutePath().getParent()), outFile, running, progress, events);
          progress.end();
        }
      }
      progress.finish();
      summarise(console, cases, outFile, todo.size(), progress);
    }
    return 0;
  }

  /** The service's identity key: FACEID_IDENTITY_KEY, else the one in FACEID_DATA_DIR; null without either. */
  private IdentityKeys identityKeys() throws IOException {
    String dataDir = env.get("FACEID_DATA_DIR");
    String key = env.get(IdentityKeyFile.ENV);
    if ((dataDir == null || dataDir.isBlank()) && (key == null || key.isBlank())) {
      return null;
    }
    return IdentityKeyFile.resolve(Path.of(dataDir == null ? "." : dataDir), env);
  }

  private void run(List<Case> todo, CaseRunner runner, OutFile outFile, Outcomes.Counts running, Progress progress,
      OutcomeEvents events) throws Exception {
    Semaphore slots = new Semaphore(concurrency);
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> pending = new java.util.ArrayList<>();
      AtomicReference<Exception> failed = new AtomicReference<>();
      for (Case c : todo) {
        slots.acquire();
        if (failed.get() != null) {
          // A case that failed (the out file full, say) fails the run: no more cases are sent.
          slots.release();
          break;
        }
        pending.add(workers.submit(() -> {
          try {
            JsonNode line = outFile.append(runner.run(c));
            Outcomes.Outcome outcome = Outcomes.of(line);
            running.add(outcome);
            events.send(outcome.verdict() ? OperatorOutcomeKind.CASE_VERDICT : OperatorOutcomeKind.CASE_ERROR, c.id(),
                outcome.code());
            progress.caseDone();
          } catch (Exception e) {
            failed.compareAndSet(null, e);
            throw e;
          } finally {
            slots.release();
          }
          return null;
        }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
    }
  }

  /** Counts by verdict and error code over every line of --out for this manifest, and this run's throughput. */
  static void summarise(PrintStream console, List<Case> cases, OutFile outFile, int ran, Progress progress) {
    Outcomes.Counts all = new Outcomes.Counts();
    java.util.Set<String> ids = new java.util.HashSet<>();
    cases.forEach(c -> ids.add(c.id()));
    int lines = 0;
    for (JsonNode line : outFile.lines()) {
      if (ids.contains(line.get("id").asText())) {
        all.add(Outcomes.of(line));
        lines++;
      }
    }
    console.printf("summary: %d of %d cases answered%n", lines, cases.size());
    console.printf("summary: verdicts: %s%n", all.verdictsText());
    console.printf("summary: errors: %s%n", all.errorsText());
    console.printf(Locale.ROOT, "summary: this run: %d cases at %.2f cases/s, %.3f s of this command's CPU a case%n",
        ran, progress.rate(), progress.cpuSecondsPerCase());
  }
}
