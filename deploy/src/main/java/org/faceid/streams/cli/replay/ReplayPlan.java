package org.faceid.streams.cli.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.cli.replay.Recording.Answer;
import org.faceid.streams.cli.replay.Recording.Request;
import org.faceid.streams.schema.ApiResult;

/**
 * Which recorded requests can be replayed, and in what order. A request presenting a token waits for
 * the replayed answer of the request that issued it and of the one before it that presented the same
 * token (a spent token must be spent before it is presented again), as the callers did.
 */
final class ReplayPlan {

  static final String NO_ANSWER = "no recorded answer (the gateway timed out, or the answer is past retention)";
  static final String NOT_RETAINED = "request outside retention (its answer is recorded, its upload deleted)";
  static final String MISSING_TOKEN = "missing token (issued before the window and no longer retained, or by an unreplayable request)";

  /** A recorded request (null when only its answer is left), its original answer, and why it cannot be replayed (null: it can). */
  record Item(Request request, Answer original, String unreplayable, List<Item> after) {
    String requestId() {
      return request != null ? request.meta().getRequestId() : original.result().getRequestId();
    }
  }

  private ReplayPlan() {}

  /** The short code of an unreplayable reason, as counted on the service's /metrics. */
  static String reasonCode(String reason) {
    return switch (reason) {
      case NO_ANSWER -> "NO_ANSWER";
      case NOT_RETAINED -> "OUTSIDE_RETENTION";
      case MISSING_TOKEN -> "MISSING_TOKEN";
      default -> throw new IllegalArgumentException("not a reason of the plan: " + reason);
    };
  }

  static List<Item> of(Recording recording, long fromMs, long toMs) {
    List<Item> items = new ArrayList<>();
    Map<String, Item> issuerOf = new HashMap<>();
    Map<String, Item> lastPresenting = new HashMap<>();
    Set<String> recorded = new HashSet<>();
    for (Request request : recording.requests()) {
      recorded.add(request.meta().getRequestId());
      Answer original = recording.answers().get(request.meta().getRequestId());
      String reason = original == null ? NO_ANSWER : null;
      List<Item> after = new ArrayList<>();
      String token = request.presentedToken();
      if (reason == null && token != null) {
        Item issuer = issuerOf.get(token);
        boolean known = issuer != null ? issuer.unreplayable() == null : recording.tokensBefore().containsKey(token);
        if (issuer != null && known) {
          after.add(issuer);
        }
        Item previous = lastPresenting.get(token);
        if (previous != null && previous.unreplayable() == null) {
          after.add(previous);
        }
        // An unknown token is replayable when it was refused anyway: it is refused again.
        if (!known && !ApiError.INVALID_TOKEN.message().equals(original.result().getErrorMessage())) {
          reason = MISSING_TOKEN;
        }
      }
      Item item = new Item(request, original, reason, after);
      items.add(item);
      if (token != null) {
        lastPresenting.put(token, item);
      }
      if (original != null && original.result().getHttpStatus() == 200 && original.result().getToken() != null) {
        issuerOf.put(original.result().getToken(), item);
      }
    }
    for (Answer answer : recording.answers().values()) {
      ApiResult result = answer.result();
      long receivedS = receivedSeconds(result.getRequestId());
      // Whole seconds inside the window only: a request_id tells its second, not its millisecond.
      if (!recorded.contains(result.getRequestId()) && receivedS * 1000 >= fromMs && receivedS * 1000 + 999 < toMs) {
        items.add(new Item(null, answer, NOT_RETAINED, List.of()));
      }
    }
    return items;
  }

  /** The epoch second a request_id ({@code <epoch-seconds>,<uuid>}) was made at, or -1. */
  static long receivedSeconds(String requestId) {
    int comma = requestId.indexOf(',');
    try {
      return comma > 0 ? Long.parseLong(requestId.substring(0, comma)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
