package org.faceid.streams.local;

import java.util.List;
import java.util.Map;

/**
 * What a load saw: calls sent, those answered, those lost (no answer, or a 5xx after the answer timed
 * out) and those whose request has more than one committed result in {@code faceid.results}.
 */
record LoadReport(int sent, int answered, List<SteadyLoad.Outcome> lost, List<SteadyLoad.Outcome> answeredTwice) {

  static LoadReport of(List<SteadyLoad.Outcome> outcomes, Map<String, Long> committed) {
    List<SteadyLoad.Outcome> lost = outcomes.stream().filter(SteadyLoad.Outcome::lost).toList();
    List<SteadyLoad.Outcome> twice = outcomes.stream()
        .filter(o -> o.requestId() != null && committed.getOrDefault(o.requestId(), 0L) > 1).toList();
    return new LoadReport(outcomes.size(), outcomes.size() - lost.size(), lost, twice);
  }

  @Override
  public String toString() {
    return "sent " + sent + ", answered " + answered + ", lost " + lost.size() + ", answered twice "
        + answeredTwice.size() + (lost.isEmpty() ? "" : "; lost: " + lost.subList(0, Math.min(5, lost.size())))
        + (answeredTwice.isEmpty() ? "" : "; twice: " + answeredTwice.subList(0, Math.min(5, answeredTwice.size())));
  }
}
