package org.faceid.streams.processors.face;

import static org.faceid.streams.processors.face.FaceTestSupport.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The too-dark cut ({@link SelfieCheck#MIN_HIGHLIGHT}) on the 190 labelled real photos of
 * {@code pose-labels.csv}, as they are and darkened to 0.35x and 0.25x (OpenCV convertTo): the
 * highlight and mean ranges of each, the cut the data supports, and a leave-one-person-out check of
 * it (the cut fitted on everybody else, checked on the person left out, as is and darkened). Run as
 * {@link PoseMeasurement} is, with this class's name.
 */
public final class LightingMeasurement {

  static final double[] DARKENED = {0.35, 0.25};

  /** One photo's face, as it is (gain 1) or darkened; null lighting where no face was found. */
  record Lit(PoseLabels photo, double gain, Lighting lighting) {}

  private LightingMeasurement() {}

  public static void main(String[] args) {
    List<Lit> lit = measure(PoseLabels.load());
    for (double gain : new double[] {1, DARKENED[0], DARKENED[1]}) {
      List<Lighting> found = lit.stream().filter(l -> l.gain() == gain && l.lighting() != null).map(Lit::lighting).toList();
      System.out.printf(Locale.ROOT, "gain %.2f: %d faces found of %d; highlight %.0f-%.0f, mean %.1f-%.1f%n", gain,
          found.size(), lit.stream().filter(l -> l.gain() == gain).count(),
          found.stream().mapToDouble(Lighting::highlight).min().orElse(Double.NaN),
          found.stream().mapToDouble(Lighting::highlight).max().orElse(Double.NaN),
          found.stream().mapToDouble(Lighting::mean).min().orElse(Double.NaN),
          found.stream().mapToDouble(Lighting::mean).max().orElse(Double.NaN));
    }
    System.out.printf(Locale.ROOT, "fit on all: too dark below a highlight of %.1f%n", fit(lit));
    List<String> errors = leaveOnePersonOutErrors(lit);
    System.out.printf(Locale.ROOT, "leave-one-person-out: %d of %d faces decided wrongly%s%n", errors.size(),
        lit.stream().filter(l -> l.lighting() != null).count(), errors.isEmpty() ? "" : ": " + errors);
  }

  static List<Lit> measure(List<PoseLabels> photos) {
    List<Lit> out = new ArrayList<>();
    for (PoseLabels p : photos) {
      byte[] bytes = PoseMeasurement.bytes(p);
      for (double gain : new double[] {1, DARKENED[0], DARKENED[1]}) {
        try (UprightImage img = ImageDecoder.decode(bytes); Mat darker = new Mat()) {
          img.bgr().convertTo(darker, -1, gain, 0);
          FaceMeasures face = engine().analyzeSelfie(FaceTestSupport.png(darker)).dominant();
          out.add(new Lit(p, gain, face == null ? null : face.lighting()));
        }
      }
    }
    return out;
  }

  /** The middle of the gap between the brightest darkened highlight and the dimmest real one. */
  static double fit(List<Lit> lit) {
    double dimmestReal = lit.stream().filter(l -> l.gain() == 1 && l.lighting() != null)
        .mapToDouble(l -> l.lighting().highlight()).min().orElseThrow();
    double brightestDarkened = lit.stream().filter(l -> l.gain() < 1 && l.lighting() != null)
        .mapToDouble(l -> l.lighting().highlight()).max().orElseThrow();
    return (dimmestReal + brightestDarkened) / 2;
  }

  static List<String> leaveOnePersonOutErrors(List<Lit> lit) {
    Map<String, List<Lit>> byPerson = lit.stream().filter(l -> l.lighting() != null)
        .collect(Collectors.groupingBy(l -> l.photo().person()));
    List<String> errors = new ArrayList<>();
    byPerson.forEach((person, held) -> {
      double cut = fit(lit.stream().filter(l -> !l.photo().person().equals(person)).toList());
      for (Lit l : held) {
        boolean tooDark = l.lighting().highlight() < cut;
        if (tooDark != (l.gain() < 1)) {
          errors.add(String.format(Locale.ROOT, "%s x%.2f (highlight %.0f; cut without it %.1f)", l.photo().photo(), l.gain(),
              l.lighting().highlight(), cut));
        }
      }
    });
    return errors;
  }
}
