package org.faceid.streams.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Comparison;

/** Turns a processor's answer into the JSON fields the vendor documents for that call. */
final class ResponseRenderer {

  private ResponseRenderer() {}

  /**
   * The endpoint's own fields of a successful answer, or {@code error_message} of a failed one.
   *
   * @param imagesAsked the request's return_image (0 when the call has none): an image asked for is
   *     always in the answer, as JSON null when there is none ("might be null", seeds 000 and 001)
   */
  static Map<String, Object> fields(ApiResult result, int imagesAsked) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (result.getErrorMessage() != null) {
      out.put("error_message", result.getErrorMessage());
      return out;
    }
    switch (result.getEndpoint()) {
      case GET_RANDOM_NUMBER -> {
        out.put("random_number", result.getRandomNumber());
        out.put("token_random_number", result.getToken());
      }
      case VALIDATE_VIDEO -> {
        out.put("token_video", result.getToken());
        putIfAsked(out, "image_best", result.getImageBest(), imagesAsked >= 1);
      }
      case VALIDATE_STILL -> {
        out.put("token_still", result.getToken());
        putIfAsked(out, "image_best", result.getImageBest(), imagesAsked >= 1);
        putIfAsked(out, "image_best_2", result.getImageBest2(), imagesAsked >= 2);
        // Seed 001 names the request flag (return_multifaces_tag) but not the answer's field.
        putIfSet(out, "multifaces_tag", result.getMultifacesTag());
      }
      case VALIDATE_FRONT_FACE -> out.put("token_front_face", result.getToken());
      case VALIDATE_SIDE_FACE -> out.put("token_side_face", result.getToken());
      case VERIFY -> verify(result, out);
      case IDENTITY -> out.put("result", result.getIdentityResult());
    }
    return out;
  }

  private static void verify(ApiResult result, Map<String, Object> out) {
    if (result.getLiveness() != null) {
      Map<String, Object> liveness = new LinkedHashMap<>();
      liveness.put("procedure_validation", result.getLiveness().getProcedureValidation());
      putIfSet(liveness, "face_genuineness", result.getLiveness().getFaceGenuineness());
      out.put("liveness", liveness);
    }
    putIfSet(out, "result_faceid", comparison(result.getResultFaceid()));
    putIfSet(out, "result_ref1", comparison(result.getResultRef1()));
    putIfSet(out, "result_ref2", comparison(result.getResultRef2()));
    putIfSet(out, "result_ref3", comparison(result.getResultRef3()));
    if (result.getIdExceptions() != null) {
      out.put("id_exceptions", Map.of(
          "id_attacked", result.getIdExceptions().getIdAttacked(),
          "id_photo_monochrome", result.getIdExceptions().getIdPhotoMonochrome()));
    }
  }

  private static Map<String, Object> comparison(Comparison c) {
    if (c == null) {
      return null;
    }
    Map<String, Object> thresholds = new LinkedHashMap<>();
    thresholds.put("1e-3", c.getThreshold1e3());
    thresholds.put("1e-4", c.getThreshold1e4());
    thresholds.put("1e-5", c.getThreshold1e5());
    thresholds.put("1e-6", c.getThreshold1e6());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("confidence", c.getConfidence());
    out.put("thresholds", thresholds);
    return out;
  }

  private static void putIfAsked(Map<String, Object> out, String name, Object value, boolean asked) {
    if (asked) {
      out.put(name, value);
    } else {
      putIfSet(out, name, value);
    }
  }

  private static void putIfSet(Map<String, Object> out, String name, Object value) {
    if (value != null) {
      out.put(name, value);
    }
  }
}
