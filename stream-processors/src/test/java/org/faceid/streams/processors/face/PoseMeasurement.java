package org.faceid.streams.processors.face;

import static org.faceid.streams.processors.face.FaceTestSupport.engine;
import static org.faceid.streams.processors.face.FaceTestSupport.png;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.decode.TestData;

/**
 * Front/side decisions on every labelled real photo ({@link PoseLabels}): a table per photo set and
 * label, the thresholds the labels support and a leave-one-person-out check of them. Run:
 *
 * <pre>
 * ./mvnw -o -q -pl stream-processors dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * ./mvnw -o -q -pl stream-processors -am test-compile
 * $JAVA_21_OR_NEWER/bin/java -Xss4m -cp stream-processors/target/test-classes:stream-processors/target/classes:$(cat /tmp/cp.txt) \
 *   org.faceid.streams.processors.face.PoseMeasurement
 * </pre>
 */
public final class PoseMeasurement {

  /** Slack above the widest frontal |yaw| and below the narrowest turned one when fitting. */
  static final double FIT_SLACK_FRONT = 2;
  static final double FIT_SLACK_SIDE = 1;
  /** Side must start at least this far above front, whatever the data. */
  static final double MIN_MARGIN = 5;

  /** One photo's decisions; {@code eyesOpen} is the eye classifier's reading (every labelled photo has its eyes open). */
  record Reading(PoseLabels photo, double yaw, ApiError front, ApiError side, double eyesOpen) {}

  record Thresholds(double front, double side) {}

  private PoseMeasurement() {}

  public static void main(String[] args) {
    List<Reading> readings = measure(PoseLabels.load());
    System.out.println(table(readings));
    Thresholds all = fit(readings);
    System.out.printf(Locale.ROOT, "fit on all: front |yaw| <= %.1f, side |yaw| >= %.1f%n", all.front(), all.side());
    System.out.println(leaveOnePersonOut(readings));
  }

  static List<Reading> measure(List<PoseLabels> photos) {
    List<Reading> out = new ArrayList<>();
    for (PoseLabels p : photos) {
      SelfieAnalysis a = engine().analyzeSelfie(bytes(p));
      double yaw = a.dominant() == null ? Double.NaN : SelfieCheck.yaw(a.dominant());
      double eyes = a.dominant() == null ? Double.NaN : a.dominant().eyesOpen();
      out.add(new Reading(p, yaw, SelfieCheck.front(a), SelfieCheck.side(a), eyes));
    }
    return out;
  }

  /** The photo's bytes; "name#k" is the k-th face (largest first) of a group photo, cropped to 3x its box. */
  static byte[] bytes(PoseLabels p) {
    String[] parts = p.photo().split("#");
    byte[] whole = p.set().equals("testdata") ? TestData.bytes(parts[0]) : PackageMedia.bytes(parts[0]);
    if (parts.length == 1) {
      return whole;
    }
    try (UprightImage img = ImageDecoder.decode(whole)) {
      FaceBox b = engine().detect(img.bgr()).get(Integer.parseInt(parts[1]));
      float side = b.height() * 3;
      try (Mat crop = Mats.cropPadded(img.bgr(), Math.round(b.x() + b.width() / 2 - side / 2),
          Math.round(b.y() + b.height() / 2 - side / 2), Math.round(side), Math.round(side))) {
        return png(crop);
      }
    }
  }

  /** Per photo set and label: n, accepted as front, FACE_NOT_FRONT, accepted as side, |yaw| range. */
  static String table(List<Reading> readings) {
    Map<String, List<Reading>> rows = new TreeMap<>(readings.stream().collect(
        Collectors.groupingBy(r -> r.photo().photoSet() + " | " + r.photo().label())));
    StringBuilder sb = new StringBuilder(
        "| photo set | label | n | accepted as front | FACE_NOT_FRONT | accepted as side | abs(yaw) range |\n"
            + "|---|---|---|---|---|---|---|\n");
    rows.forEach((key, rs) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f … %.1f |%n",
        key, rs.size(), count(rs, r -> r.front() == null), count(rs, r -> r.front() == ApiError.FACE_NOT_FRONT),
        count(rs, r -> r.side() == null), rs.stream().mapToDouble(r -> Math.abs(r.yaw())).min().orElse(0),
        rs.stream().mapToDouble(r -> Math.abs(r.yaw())).max().orElse(0))));
    return sb.toString();
  }

  private static long count(List<Reading> rs, java.util.function.Predicate<Reading> p) {
    return rs.stream().filter(p).count();
  }

  /** front = widest frontal |yaw| + slack; side = narrowest turned |yaw| - slack, at least front + margin. */
  static Thresholds fit(List<Reading> readings) {
    double front = readings.stream().filter(r -> r.photo().label().equals(PoseLabels.FRONTAL))
        .mapToDouble(r -> Math.abs(r.yaw())).max().orElseThrow() + FIT_SLACK_FRONT;
    double side = readings.stream().filter(r -> r.photo().turned())
        .mapToDouble(r -> Math.abs(r.yaw())).min().orElseThrow() - FIT_SLACK_SIDE;
    return new Thresholds(front, Math.max(side, front + MIN_MARGIN));
  }

  /** Held-out photos a fit on everybody else decides wrongly (frontal above front, turned below side). */
  static List<String> leaveOnePersonOutErrors(List<Reading> readings) {
    Map<String, List<Reading>> byPerson = readings.stream().collect(Collectors.groupingBy(r -> r.photo().person()));
    List<String> errors = new ArrayList<>();
    byPerson.forEach((person, held) -> {
      List<Reading> others = readings.stream().filter(r -> !r.photo().person().equals(person)).toList();
      Thresholds t = fit(others);
      for (Reading r : held) {
        double y = Math.abs(r.yaw());
        boolean wrong = r.photo().label().equals(PoseLabels.FRONTAL) ? y > t.front() : r.photo().turned() && y < t.side();
        if (wrong) {
          errors.add(String.format(Locale.ROOT, "%s (%s, yaw %.1f; fit without it: %.1f / %.1f)",
              r.photo().photo(), r.photo().label(), r.yaw(), t.front(), t.side()));
        }
      }
    });
    return errors;
  }

  static String leaveOnePersonOut(List<Reading> readings) {
    long people = readings.stream().map(r -> r.photo().person()).distinct().count();
    List<String> errors = leaveOnePersonOutErrors(readings);
    long labelled = readings.stream().filter(r -> !r.photo().label().equals(PoseLabels.SLIGHT)).count();
    return String.format(Locale.ROOT, "leave-one-person-out over %d people: %d of %d frontal/turned photos decided wrongly%s",
        people, errors.size(), labelled, errors.isEmpty() ? "" : ": " + String.join("; ", errors));
  }
}
