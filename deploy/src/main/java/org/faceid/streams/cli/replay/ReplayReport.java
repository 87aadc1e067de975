package org.faceid.streams.cli.replay;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.cli.replay.ReplayRun.Replayed;
import org.faceid.streams.gateway.ApiCalls;
import org.faceid.streams.gateway.ApiFailure;
import org.faceid.streams.gateway.Endpoints;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Comparison;
import org.faceid.streams.topics.Topics;

/**
 * The replay's output: per request the original and the replayed answer as the API gave them, and
 * whether they differ ({@code request_id} and {@code time_used} aside); and the terminal summary.
 */
final class ReplayReport {

  /** Upper bounds of the confidence-shift bins (replayed minus original, in confidence points). */
  private static final double[] SHIFT_BINS = {-10, -5, -1, -0.1, 0.1, 1, 5, 10, Double.POSITIVE_INFINITY};
  private static final String[] SHIFT_LABELS = {"< -10", "-10..-5", "-5..-1", "-1..-0.1", "-0.1..0.1", "0.1..1",
      "1..5", "5..10", "> 10"};

  private int replayed;
  private int changed;
  private final Map<String, Integer> verdictChanges = new TreeMap<>();
  private final Map<String, Integer> unreplayable = new TreeMap<>();
  private final int[] shifts = new int[SHIFT_BINS.length];

  /**
   * The --out line of one request, counted into the summary. {@code original}: the item's recorded
   * answer whole, images included ({@link Recording.Answer#whole}), or without them when
   * {@code imagesGone} (its record was deleted since the window was read: images are then left out
   * of the comparison); null when none is recorded.
   */
  Map<String, Object> line(ReplayPlan.Item item, ApiResult original, boolean imagesGone, Replayed replay) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("request_id", item.requestId());
    line.put("endpoint", endpointName(item));
    if (item.unreplayable() != null) {
      line.put("original", original == null ? null : rendered(item, original, originalTimeUsed(item)));
      line.put("replayed", null);
      line.put("changed", null);
      line.put("unreplayable", item.unreplayable());
      unreplayable.merge(item.unreplayable(), 1, Integer::sum);
      return line;
    }
    Map<String, Object> before = rendered(item, original, originalTimeUsed(item));
    line.put("original", before);
    replayed++;
    Map<String, Object> after = replay == null
        ? ApiCalls.failure(item.requestId(), item.request().meta().getBizNo(), ApiFailure.of(ApiError.INTERNAL_ERROR))
        : rendered(item, replay.result(), replay.timeUsedMs());
    boolean differs = !comparable(before, imagesGone).equals(comparable(after, imagesGone));
    line.put("replayed", after);
    if (imagesGone) {
      line.put("original_images", "gone (its record was deleted from faceid.results during the replay): not compared");
    }
    line.put("changed", differs);
    if (differs) {
      changed++;
      String was = verdict(before);
      String now = verdict(after);
      if (!was.equals(now)) {
        verdictChanges.merge(was + " -> " + now, 1, Integer::sum);
      }
    }
    if (replay != null) {
      shift(original.getResultFaceid(), replay.result().getResultFaceid());
      shift(original.getResultRef1(), replay.result().getResultRef1());
      shift(original.getResultRef2(), replay.result().getResultRef2());
      shift(original.getResultRef3(), replay.result().getResultRef3());
    }
    return line;
  }

  void print(PrintStream out, int total) {
    out.printf("summary: %d requests in the window, %d replayed, %d changed, %d unreplayable%n", total, replayed, changed,
        unreplayable.values().stream().mapToInt(Integer::intValue).sum());
    out.println("summary: verdict changes by code (original -> replayed):" + (verdictChanges.isEmpty() ? " none" : ""));
    verdictChanges.forEach((change, n) -> out.printf("  %-60s %d%n", change, n));
    int compared = java.util.Arrays.stream(shifts).sum();
    out.println("summary: comparison confidence shift (replayed - original), " + compared + " comparisons:");
    int widest = java.util.Arrays.stream(shifts).max().orElse(0);
    for (int i = 0; i < shifts.length; i++) {
      int bar = widest == 0 ? 0 : (int) Math.round(40.0 * shifts[i] / widest);
      out.printf(Locale.ROOT, "  %-10s %5d %s%n", SHIFT_LABELS[i], shifts[i], "#".repeat(bar));
    }
    out.println("summary: unreplayable:" + (unreplayable.isEmpty() ? " none" : ""));
    unreplayable.forEach((why, n) -> out.printf("  %-60s %d%n", why, n));
  }

  int changed() {
    return changed;
  }

  private void shift(Comparison before, Comparison after) {
    if (before == null || after == null) {
      return;
    }
    double delta = after.getConfidence() - before.getConfidence();
    int bin = 0;
    while (delta >= SHIFT_BINS[bin] && bin < SHIFT_BINS.length - 1) {
      bin++;
    }
    shifts[bin]++;
  }

  private static Map<String, Object> rendered(ReplayPlan.Item item, ApiResult result, long timeUsed) {
    int images = item.request() == null ? 0 : item.request().imagesAsked();
    String bizNo = item.request() == null ? null : item.request().meta().getBizNo();
    return ApiCalls.answer(result, images, bizNo, timeUsed);
  }

  /** As the gateway measured it, near enough: from receipt to the answer's record. */
  private static long originalTimeUsed(ReplayPlan.Item item) {
    long received = item.request() == null
        ? ReplayPlan.receivedSeconds(item.requestId()) * 1000 : item.request().meta().getReceivedAtMs();
    return Math.max(0, item.original().timestampMs() - received);
  }

  private static Map<String, Object> comparable(Map<String, Object> answer, boolean withoutImages) {
    Map<String, Object> copy = new LinkedHashMap<>(answer);
    copy.remove("request_id");
    copy.remove("time_used");
    if (withoutImages) {
      copy.remove("image_best");
      copy.remove("image_best_2");
    }
    return copy;
  }

  /** An answer's verdict: its error_message, verify's procedure_validation, or OK. */
  @SuppressWarnings("unchecked")
  static String verdict(Map<String, Object> answer) {
    if (answer.get("error_message") != null) {
      return answer.get("error_message").toString();
    }
    if (answer.get("liveness") instanceof Map<?, ?> liveness && liveness.get("procedure_validation") != null) {
      return liveness.get("procedure_validation").toString();
    }
    return "OK";
  }

  static String endpointName(ReplayPlan.Item item) {
    if (item.request() != null && item.request().topic() == Topics.RANDOM_NUMBER_ASSERTED) {
      return "assert_random_number";
    }
    var endpoint = item.request() != null ? item.request().meta().getEndpoint() : item.original().result().getEndpoint();
    for (Endpoints e : Endpoints.values()) {
      if (e.endpoint() == endpoint) {
        return e.path();
      }
    }
    return endpoint.toString();
  }
}
