package org.faceid.streams.cli.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.faceid.streams.cli.OutcomeEvents;
import org.faceid.streams.cli.ServiceConnection;
import org.faceid.streams.processors.ProcessorsConfig;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.OperatorOutcomeKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code deploy/faceid replay}: re-runs an audit window of recorded requests through the current stages. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Re-runs every request recorded between --from and --to through the current stages and settings, under "
            + "a topic prefix and application ids of its own (live topics, groups and state are untouched), and writes "
            + "one JSON line per request: request_id, endpoint, original, replayed, changed.",
        "Tokens are judged as they were: recorded arrival times, and the token state at the window's start.",
        "Needs the service's cluster: FACEID_DATA_DIR (of a running service) or FACEID_BOOTSTRAP_SERVERS. What can be "
            + "replayed is what the topics retain: FACEID_MEDIA_RETENTION_MS / _BYTES, FACEID_EVENT_RETENTION_MS."
    })
public final class ReplayCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--from", required = true, converter = TimeConverter.class,
      description = "start of the window (ISO-8601, e.g. 2026-12-03T10:00:00Z; no offset: UTC), inclusive")
  Instant from;

  @Option(names = "--to", required = true, converter = TimeConverter.class, description = "end of the window (ISO-8601), exclusive")
  Instant to;

  @Option(names = "--out", required = true, description = "JSON lines, one per request (overwritten)")
  Path out;

  @Option(names = "--concurrency", defaultValue = "4", description = "requests in flight at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--timeout", defaultValue = "PT5M", description = "longest wait for one replayed answer, ISO-8601 (default: ${DEFAULT-VALUE})")
  Duration timeout;

  private final Map<String, String> env;
  private final PrintStream console;

  public ReplayCommand() {
    this(System.getenv(), System.out);
  }

  /** With the environment and console given (tests). */
  public ReplayCommand(Map<String, String> env, PrintStream console) {
    this.env = env;
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("--from must be before --to");
    }
    try (ServiceConnection service = ServiceConnection.connect(env, false, console)) {
      Recording recording = Recording.read(service.clientBase(), from, to);
      List<ReplayPlan.Item> plan = ReplayPlan.of(recording, from.toEpochMilli(), to.toEpochMilli());
      long replayable = plan.stream().filter(i -> i.unreplayable() == null).count();
      console.printf("replay: %d requests recorded in [%s, %s), %d replayable; %d tokens from before the window%n",
          plan.size(), from, to, replayable, recording.tokensBefore().size());
      String prefix = "faceid-replay-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
          .format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
      ReplayReport report = new ReplayReport();
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // Written beside --out and moved over it whole: a killed run leaves the previous report intact.
      Path partial = out.resolveSibling(out.getFileName() + ".partial");
      try {
        replayInto(partial, recording, plan, replayable > 0 ? prefix : null, report, service);
      } catch (Exception e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      countOnTheService(service);
      report.print(console, plan.size());
    }
    return 0;
  }

  /**
   * Writes a line per request as its answer comes: the unreplayable ones first, then each replayed
   * one (in the order they come back). Only the answers in flight are held, never the window's.
   * Nothing is counted on the service's /metrics yet ({@link #countOnTheService}).
   * {@code prefix}: the replay's topic prefix, null when nothing is replayable.
   */
  private void replayInto(Path partial, Recording recording, List<ReplayPlan.Item> plan, String prefix, ReplayReport report,
      ServiceConnection service) throws Exception {
    try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
        TopicReader originals = new TopicReader(service.clientBase())) {
      ReplayRun.Sink write = (item, replayed) -> {
        ApiResult original = item.original() == null ? null : item.original().whole(originals, timeout);
        boolean imagesGone = item.original() != null && original == null;
        Map<String, Object> line = report.line(item, imagesGone ? item.original().result() : original, imagesGone, replayed);
        writer.write(JSON.writeValueAsString(line));
        writer.newLine();
      };
      for (ReplayPlan.Item item : plan) {
        if (item.unreplayable() != null) {
          write.take(item, null);
        }
      }
      if (prefix != null) {
        new ReplayRun(service.clientBase(), service.bootstrapServers(), service.clientSettings(), prefix,
            ProcessorsConfig.fromEnv(env), ReplayRun.KEEP_ALL, timeout, concurrency, console)
            .run(recording, plan, write);
      }
    }
  }

  /**
   * Counts the run on the service's /metrics, once --out is complete: a run that fails on the way
   * leaves no counts for its rerun to repeat. Read back from --out, one line at a time.
   */
  private void countOnTheService(ServiceConnection service) throws Exception {
    try (OutcomeEvents events = new OutcomeEvents(service.clientBase(), console);
        BufferedReader lines = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      for (String text; (text = lines.readLine()) != null; ) {
        JsonNode line = JSON.readTree(text);
        String requestId = line.get("request_id").asText();
        if (line.hasNonNull("unreplayable")) {
          events.send(OperatorOutcomeKind.REPLAY_UNREPLAYABLE, requestId, ReplayPlan.reasonCode(line.get("unreplayable").asText()));
        } else {
          events.send(line.get("changed").asBoolean() ? OperatorOutcomeKind.REPLAY_CHANGED : OperatorOutcomeKind.REPLAY_UNCHANGED,
              requestId, null);
        }
      }
    }
  }

  /** ISO-8601 with an offset, or a local date-time read as UTC. */
  static final class TimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        return java.time.LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      }
    }
  }
}
