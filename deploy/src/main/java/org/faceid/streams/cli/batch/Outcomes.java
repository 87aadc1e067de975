package org.faceid.streams.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a case's line comes to, for the progress and the summary: a verdict (verify answered 200:
 * its {@code liveness.procedure_validation}) or an error code (the first answer's
 * {@code error_message} along the flow, or {@value #FILE_ERROR} when a file could not be read).
 */
final class Outcomes {

  static final String FILE_ERROR = "FILE_UNREADABLE";
  /** Where an asserted number's refusal is kept in {@code validate} (a video case's digits). */
  static final String ASSERT_STEP = "assert_random_number";

  /** @param verdict true for a verify verdict, false for an error code */
  record Outcome(boolean verdict, String code) {}

  /** Counts by verdict and by error code. */
  static final class Counts {
    final Map<String, Integer> verdicts = new TreeMap<>();
    final Map<String, Integer> errors = new TreeMap<>();

    synchronized void add(Outcome outcome) {
      (outcome.verdict() ? verdicts : errors).merge(outcome.code(), 1, Integer::sum);
    }

    synchronized int failures() {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized String errorsText() {
      return text(errors);
    }

    synchronized String verdictsText() {
      return text(verdicts);
    }

    private static String text(Map<String, Integer> counts) {
      StringBuilder out = new StringBuilder();
      counts.forEach((code, n) -> out.append(out.isEmpty() ? "" : ", ").append(code).append('=').append(n));
      return out.isEmpty() ? "none" : out.toString();
    }
  }

  private Outcomes() {}

  static Outcome of(JsonNode line) {
    if (line.hasNonNull("error")) {
      return new Outcome(false, FILE_ERROR);
    }
    for (Iterator<JsonNode> steps = line.path("validate").elements(); steps.hasNext(); ) {
      JsonNode step = steps.next();
      if (step.hasNonNull("error_message")) {
        return new Outcome(false, step.get("error_message").asText());
      }
    }
    JsonNode verify = line.path("verify");
    if (verify.hasNonNull("error_message")) {
      return new Outcome(false, verify.get("error_message").asText());
    }
    JsonNode verdict = verify.path("liveness").path("procedure_validation");
    if (verdict.isTextual()) {
      return new Outcome(true, verdict.asText());
    }
    // A line written by this tool always has one of the above; anything else is named as such.
    return new Outcome(false, "NO_ANSWER");
  }
}
