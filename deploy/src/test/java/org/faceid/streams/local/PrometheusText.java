package org.faceid.streams.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scraped page in the Prometheus text format, parsed into its samples. */
record PrometheusText(List<Sample> samples) {

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\S+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static PrometheusText parse(String page) {
    List<Sample> samples = new ArrayList<>();
    for (String line : page.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new PrometheusText(samples);
  }

  /** The samples of a metric whose labels include every one given. */
  List<Sample> matching(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** GET /metrics of the service on that port, parsed. */
  static PrometheusText scrape(ApiClient api) throws Exception {
    var response = api.fetch("/metrics");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + response.statusCode());
    }
    return parse(response.body());
  }

  /**
   * Scrapes until the samples of {@code name} have grown by {@code by} in all since {@code before}, at
   * most 30 s: the operator tools' counts reach the service as events on Kafka, a moment after the run.
   */
  static PrometheusText awaitIncrease(ApiClient api, PrometheusText before, String name, double by) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    PrometheusText page = scrape(api);
    while (page.sum(name, Map.of()) - before.sum(name, Map.of()) < by && System.nanoTime() < deadline) {
      Thread.sleep(200);
      page = scrape(api);
    }
    return page;
  }

  /** How much the matching samples grew from {@code before} to this page. */
  double increaseSince(PrometheusText before, String name, Map<String, String> labels) {
    return sum(name, labels) - before.sum(name, labels);
  }

  /** The sum of the matching samples' values; 0 when none matches (a counter not yet incremented). */
  double sum(String name, Map<String, String> labels) {
    return matching(name, labels).stream().mapToDouble(Sample::value).sum();
  }
}
