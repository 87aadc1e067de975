package org.faceid.streams.cli.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.faceid.streams.cli.batch.DirectApi.Answer;
import org.faceid.streams.cli.batch.Manifest.Case;
import org.faceid.streams.gateway.Endpoints;

/**
 * Runs one case's whole flow, each step an API call on Kafka with the token of the step before:
 * <ul>
 *   <li>{@code selfie}: validate_front_face ({@code front}), validate_side_face ({@code side}), verify;
 *   <li>{@code still}: validate_still ({@code video}), verify;
 *   <li>{@code video}: the asserted {@code digits} (operator-only RandomNumberAsserted), validate_video
 *       ({@code video}), verify.
 * </ul>
 * verify gets {@code ref1..ref3} as image_ref1..3. Other columns named as an API argument go to the
 * calls that take it; {@code video_strict=1} and {@code still_strict=1} are shorthands for
 * liveness_preferences / liveness_preference. uuid defaults to the case id and comparison_type to 0.
 * A step that fails ends the flow: its answer is the last one of the line.
 */
final class CaseRunner {

  private static final List<String> VERIFY_ARGUMENTS = List.of("comparison_type", "uuid", "liveness_preferences",
      "multi_oriented_detection", "idcard_name", "idcard_number");
  private static final List<String> STILL_ARGUMENTS = List.of("liveness_preference", "return_image",
      "return_multifaces_tag", "face_occlusion_detection", "eye_close_detection");
  private static final List<String> VIDEO_ARGUMENTS = List.of("return_image");
  private static final List<String> MEDIA_COLUMNS = List.of("front", "side", "video", "ref1", "ref2", "ref3");
  /** No call takes a larger file: one byte past it is all its 413 needs to be read. */
  private static final long LARGEST_UPLOAD = Arrays.stream(Endpoints.values())
      .flatMap(endpoint -> endpoint.fileLimits().values().stream()).mapToLong(Long::longValue).max().orElseThrow();

  private final DirectApi api;
  private final Path base;

  /** @param base the directory relative media paths are read from (the manifest's) */
  CaseRunner(DirectApi api, Path base) {
    this.api = api;
    this.base = base;
  }

  /** The case's --out line: id, biz_no, then validate and verify, or error when a file cannot be read. */
  Map<String, Object> run(Case c) throws InterruptedException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", c.id());
    line.put("biz_no", c.bizNo());
    Map<String, byte[]> media = new LinkedHashMap<>();
    for (String column : MEDIA_COLUMNS) {
      String path = c.column(column);
      if (path == null) {
        continue;
      }
      try {
        media.put(column, readAtMost(base.resolve(path), LARGEST_UPLOAD + 1));
      } catch (IOException | RuntimeException e) {
        line.put("error", Outcomes.FILE_ERROR + ": " + column + ": " + path + " (" + e.getClass().getSimpleName() + ")");
        return line;
      }
    }
    Map<String, Object> validate = new LinkedHashMap<>();
    line.put("validate", validate);
    Answer validated = validate(c, media, validate);
    if (validated == null || !validated.ok()) {
      return line;
    }
    Map<String, String> fields = fields(c, VERIFY_ARGUMENTS);
    fields.put("token", validated.token());
    fields.putIfAbsent("comparison_type", "0");
    fields.putIfAbsent("uuid", c.id());
    if ("1".equals(c.column("video_strict"))) {
      fields.putIfAbsent("liveness_preferences", "video_strict");
    }
    Map<String, byte[]> refs = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      byte[] ref = media.get("ref" + i);
      if (ref != null) {
        refs.put("image_ref" + i, ref);
      }
    }
    line.put("verify", api.call(Endpoints.VERIFY, fields, refs).body());
    return line;
  }

  /** A file, or its first {@code bytes}: a row naming a huge file costs no more than a 413 needs. */
  private static byte[] readAtMost(Path file, long bytes) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(Math.toIntExact(bytes));
    }
  }

  /** The flow's validation steps, each answer under its endpoint's name; the last answer, or null. */
  private Answer validate(Case c, Map<String, byte[]> media, Map<String, Object> answers) throws InterruptedException {
    return switch (c.flow()) {
      case SELFIE -> {
        Answer front = step(answers, Endpoints.VALIDATE_FRONT_FACE, fields(c, List.of()), files("selfie", media.get("front")));
        if (!front.ok()) {
          yield front;
        }
        Map<String, String> side = fields(c, List.of());
        side.put("token_front_face", front.token());
        yield step(answers, Endpoints.VALIDATE_SIDE_FACE, side, files("selfie", media.get("side")));
      }
      case STILL -> {
        Map<String, String> fields = fields(c, STILL_ARGUMENTS);
        if ("1".equals(c.column("still_strict"))) {
          fields.putIfAbsent("liveness_preference", "still_strict");
        }
        yield step(answers, Endpoints.VALIDATE_STILL, fields, files("video", media.get("video")));
      }
      case VIDEO -> {
        Answer number = api.assertDigits(c.column("digits") == null ? "" : c.column("digits"), c.bizNo());
        if (!number.ok()) {
          answers.put(Outcomes.ASSERT_STEP, number.body());
          yield number;
        }
        Map<String, String> fields = fields(c, VIDEO_ARGUMENTS);
        fields.put("token_random_number", number.token());
        yield step(answers, Endpoints.VALIDATE_VIDEO, fields, files("video", media.get("video")));
      }
    };
  }

  private Answer step(Map<String, Object> answers, Endpoints endpoint, Map<String, String> fields,
      Map<String, byte[]> files) throws InterruptedException {
    Answer answer = api.call(endpoint, fields, files);
    answers.put(endpoint.path(), answer.body());
    return answer;
  }

  /** biz_no and those of {@code arguments} the case sets. */
  private static Map<String, String> fields(Case c, List<String> arguments) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (c.bizNo() != null) {
      fields.put("biz_no", c.bizNo());
    }
    for (String name : arguments) {
      if (c.column(name) != null) {
        fields.put(name, c.column(name));
      }
    }
    return fields;
  }

  private static Map<String, byte[]> files(String name, byte[] content) {
    return content == null ? Map.of() : Map.of(name, content);
  }
}
