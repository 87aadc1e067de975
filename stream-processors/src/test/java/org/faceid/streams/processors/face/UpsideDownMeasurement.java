package org.faceid.streams.processors.face;

import static org.faceid.streams.processors.face.FaceTestSupport.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The upside-down check ({@link FaceEngine#upsideDown}) on every labelled real photo ({@link PoseLabels}),
 * as it is and turned by 180 degrees: a table per photo set, and where the threshold would fall if it
 * were fitted leaving each person out. Run like {@link PoseMeasurement}, with this class as the main.
 */
public final class UpsideDownMeasurement {

  /**
   * One photo's summed margin and decision upright, and turned 180 (NaN and false when the detector
   * finds no face turned).
   */
  record Margins(PoseLabels photo, double upright, double turned, boolean uprightRead, boolean turnedRead) {}

  /** A face's summed margin and the engine's decision, which may stop after the screening crop. */
  private record Reading(double margin, boolean upsideDown) {}

  private UpsideDownMeasurement() {}

  public static void main(String[] args) {
    List<Margins> margins = measure(PoseLabels.load());
    System.out.println(table(margins));
    System.out.println(leaveOnePersonOut(margins));
  }

  static List<Margins> measure(List<PoseLabels> photos) {
    List<Margins> out = new ArrayList<>();
    for (PoseLabels p : photos) {
      try (UprightImage img = ImageDecoder.decode(PoseMeasurement.bytes(p));
          Mat turned = ImageDecoder.rotateClockwise(img.bgr(), 180)) {
        Reading upright = read(img.bgr());
        Reading upsideDown = read(turned);
        out.add(new Margins(p, upright.margin(), upsideDown.margin(), upright.upsideDown(), upsideDown.upsideDown()));
      }
    }
    return out;
  }

  private static Reading read(Mat bgr) {
    FaceBox box = FaceEngine.dominant(engine().detect(bgr));
    return box == null ? new Reading(Double.NaN, false)
        : new Reading(engine().upsideDownMargin(bgr, box), engine().upsideDown(bgr, box));
  }

  /** Per photo set: photos, upright read upside down, turned found, turned read upside down. */
  static String table(List<Margins> margins) {
    Map<String, List<Margins>> sets = new TreeMap<>(margins.stream().collect(Collectors.groupingBy(m -> m.photo().photoSet())));
    StringBuilder sb = new StringBuilder("| photo set | photos | upright read upside down | turned 180: face found | turned read upside down |\n"
        + "|---|---|---|---|---|\n");
    sets.forEach((set, ms) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", set, ms.size(),
        ms.stream().filter(Margins::uprightRead).count(), ms.stream().filter(m -> !Double.isNaN(m.turned())).count(),
        ms.stream().filter(Margins::turnedRead).count())));
    return sb.toString();
  }

  /**
   * For each person: the midpoint between everybody else's highest upright sum and lowest turned sum,
   * and the held-out photos it decides wrongly.
   */
  static List<String> leaveOnePersonOutErrors(List<Margins> margins) {
    List<String> errors = new ArrayList<>();
    margins.stream().collect(Collectors.groupingBy(m -> m.photo().person())).forEach((person, held) -> {
      List<Margins> others = margins.stream().filter(m -> !m.photo().person().equals(person)).toList();
      double highestUpright = others.stream().mapToDouble(Margins::upright).filter(d -> !Double.isNaN(d)).max().orElseThrow();
      double lowestTurned = others.stream().mapToDouble(Margins::turned).filter(d -> !Double.isNaN(d)).min().orElseThrow();
      double cut = (highestUpright + lowestTurned) / 2;
      for (Margins m : held) {
        if (m.upright() > cut || m.turned() <= cut) {
          errors.add(String.format(Locale.ROOT, "%s (upright %.2f, turned %.2f; cut without it %.2f)",
              m.photo().photo(), m.upright(), m.turned(), cut));
        }
      }
    });
    return errors;
  }

  static String leaveOnePersonOut(List<Margins> margins) {
    List<String> errors = leaveOnePersonOutErrors(margins);
    return String.format(Locale.ROOT, "leave-one-person-out midpoint fit: %d of %d photos wrong either way up%s",
        errors.size(), margins.size(), errors.isEmpty() ? "" : ": " + String.join("; ", errors));
  }
}
