package org.faceid.streams.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.faceid.streams.gateway.form.Form;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.StillSubmitted;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class EndpointsTest {

  private static final IdentityKeys KEYS = new IdentityKeys(new byte[32]);
  private static final RequestMeta META = RequestMeta.newBuilder().setRequestId("1,r").setEndpoint(Endpoint.VERIFY)
      .setApiKey("k").setGatewayId("g").setReceivedAtMs(0).build();

  private static Optional<String> check(Endpoints endpoint, Map<String, String> fields, Map<String, byte[]> files) {
    return endpoint.check(Form.of(fields, files)).map(ApiFailure::errorMessage);
  }

  @Test
  void pathsAreTheSixCallsAndTheAdminIdentityCall() {
    assertThat(List.of(Endpoints.values())).filteredOn(e -> !e.admin()).extracting(Endpoints::path).containsExactly(
        "get_random_number", "validate_video", "validate_still", "validate_front_face", "validate_side_face", "verify");
    assertThat(List.of(Endpoints.values())).filteredOn(Endpoints::admin).containsExactly(Endpoints.IDENTITY);
    assertThat(Endpoints.byPath("Verify")).isEmpty();
  }

  @Test
  void theAdminIdentityCallNeedsItsOwnPermissionAndChecksLikeVerify() {
    ApiKey everyApiPermission = ApiKey.newBuilder().setApiKey("k").setSecretHash(java.nio.ByteBuffer.allocate(0))
        .setSalt(java.nio.ByteBuffer.allocate(0)).setIterations(1)
        .setPermissions(List.of(Permission.VIDEO, Permission.STILL, Permission.SELFIE, Permission.COMPARISON_TYPE_0,
            Permission.COMPARISON_TYPE_1))
        .setConcurrencyLimit(1).setCreatedAtMs(0).build();
    assertThat(Endpoints.IDENTITY.allowed(everyApiPermission)).isFalse();
    everyApiPermission.setPermissions(List.of(Permission.IDENTITY_ADMIN));
    assertThat(Endpoints.IDENTITY.allowed(everyApiPermission)).isTrue();

    Map<String, byte[]> photo = Map.of("photo", new byte[] {1});
    assertThat(check(Endpoints.IDENTITY, Map.of("idcard_name", "n", "idcard_number", "11010519491231002X"), Map.of()))
        .contains("MISSING_ARGUMENTS: photo");
    assertThat(check(Endpoints.IDENTITY, Map.of("idcard_name", "n", "idcard_number", "110105194912310021"), photo))
        .contains("INVALID_IDCARD_NUMBER");
    assertThat(check(Endpoints.IDENTITY, Map.of("idcard_name", "n".repeat(33), "idcard_number", "11010519491231002X"), photo))
        .contains("INVALID_NAME_FORMAT");
    assertThat(check(Endpoints.IDENTITY, Map.of("action", "delete", "idcard_number", "11010519491231002X"), Map.of())).isEmpty();
    assertThat(check(Endpoints.IDENTITY, Map.of("action", "drop", "idcard_number", "11010519491231002X"), Map.of()))
        .contains("BAD_ARGUMENTS:action");
  }

  @Test
  void stillDefaultsFollowSeed001() {
    Endpoints.Event event = Endpoints.VALIDATE_STILL.event(META, Form.of(Map.of(), Map.of("video", new byte[] {1})), KEYS);
    StillSubmitted still = (StillSubmitted) event.value();

    assertThat(event.topic()).isEqualTo(Topics.STILL_SUBMITTED);
    assertThat(event.key()).as("keyed by request_id").isEqualTo("1,r");
    assertThat(still.getOptions().getLivenessPreference()).isEqualTo("none");
    assertThat(still.getOptions().getReturnImage()).isZero();
    assertThat(still.getOptions().getEyeCloseDetection()).as("eye_close_detection defaults to 1").isTrue();
    assertThat(still.getOptions().getFaceOcclusionDetection()).isFalse();
  }

  @Test
  void verifyIsKeyedByItsTokenAndKeepsTheReferencesInOrder() {
    Endpoints.Event event = Endpoints.VERIFY.event(META, Form.of(
        Map.of("token", "tok", "comparison_type", "0", "uuid", "u"),
        Map.of("image_ref3", new byte[] {3}, "image_ref1", new byte[] {1})), KEYS);

    assertThat(event.key()).isEqualTo("tok");
    assertThat(((VerifySubmitted) event.value()).getImageRefs()).extracting(r -> r.getName())
        .containsExactly("image_ref1", "image_ref3");
  }

  @Test
  void idCardNumberAndNameLeaveTheGatewayOnlyAsKeyedHashes() {
    Endpoints.Event event = Endpoints.VERIFY.event(META, Form.of(
        Map.of("token", "tok", "comparison_type", "1", "idcard_name", "王小明", "idcard_number", "11010519491231002x"), Map.of()), KEYS);
    VerifySubmitted verify = (VerifySubmitted) event.value();

    assertThat(verify.getParams().getIdKey()).isEqualTo(KEYS.idKey("11010519491231002X"));
    assertThat(verify.getParams().getNameKey()).isEqualTo(KEYS.nameKey("王小明"));
    assertThat(verify.toString()).doesNotContain("11010519491231002").doesNotContain("王小明");
  }

  @Test
  void idCardArgumentsHaveTheirOwnErrors() {
    Map<String, byte[]> none = Map.of();
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "1", "idcard_number", "11010519491231002X"), none))
        .contains("MISSING_ARGUMENTS: idcard_name");
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "1", "idcard_name", "王小明", "idcard_number", "11010519491231002X"), none))
        .isEmpty();
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "1", "idcard_name", "王".repeat(32), "idcard_number", "11010519491231002X"), none))
        .as("32 characters are allowed, counted as characters not bytes").isEmpty();
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "1", "idcard_name", "n", "idcard_number", "11010519491231002Y"), none))
        .contains("INVALID_IDCARD_NUMBER");
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "1", "idcard_name", "n", "idcard_number", "1101051949123100"), none))
        .contains("INVALID_IDCARD_NUMBER");
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "1", "idcard_name", "n", "idcard_number", "110105194912310021"), none))
        .as("GB 11643 check digit").contains("INVALID_IDCARD_NUMBER");
  }

  @Test
  void anyOneReferenceImageWillDoForComparisonType0() {
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "0", "uuid", "u"), Map.of("image_ref2", new byte[] {1})))
        .isEmpty();
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "0", "uuid", "u"), Map.of()))
        .contains("MISSING_ARGUMENTS: image_ref1");
  }

  @Test
  void aNameThatWasNotUtf8IsInvalidNameFormat() {
    // What FormReader makes of GBK bytes: invalid UTF-8 decodes to replacement characters.
    String gbkRead = new String(new byte[] {(byte) 0xD5, (byte) 0xC5, (byte) 0xC8, (byte) 0xFD}, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(check(Endpoints.VERIFY, Map.of("comparison_type", "1", "idcard_name", gbkRead, "idcard_number", "11010519491231002X"), Map.of()))
        .contains("INVALID_NAME_FORMAT");
  }

  @Test
  void verifyNeedsALivenessPermissionAndTheComparisonTypesOwn() {
    ApiKey selfieOnly = ApiKey.newBuilder().setApiKey("k").setSecretHash(java.nio.ByteBuffer.allocate(0))
        .setSalt(java.nio.ByteBuffer.allocate(0)).setIterations(1).setPermissions(List.of(Permission.COMPARISON_TYPE_0))
        .setConcurrencyLimit(1).setCreatedAtMs(0).build();
    assertThat(Endpoints.VERIFY.allowed(selfieOnly)).isFalse();
    selfieOnly.setPermissions(List.of(Permission.STILL));
    assertThat(Endpoints.VERIFY.allowed(selfieOnly)).isTrue();
    assertThat(Endpoints.VERIFY.permissions(Form.of(Map.of("comparison_type", "1"), Map.of())))
        .containsExactly(Permission.COMPARISON_TYPE_1);
  }

  @Test
  void aFileSentAsATextFieldIsABadArgumentNotANullFile() {
    assertThat(Endpoints.VALIDATE_VIDEO.filesSentAsText(Form.of(Map.of("video", "abc"), Map.of())).map(ApiFailure::errorMessage))
        .contains("BAD_ARGUMENTS:video");
    assertThat(Endpoints.VALIDATE_STILL.filesSentAsText(Form.of(Map.of("video", ""), Map.of())).map(ApiFailure::errorMessage))
        .contains("BAD_ARGUMENTS:video");
    assertThat(Endpoints.VERIFY.filesSentAsText(Form.of(Map.of("image_ref2", "x"), Map.of("image_ref1", new byte[1])))
        .map(ApiFailure::errorMessage)).contains("BAD_ARGUMENTS:image_ref2");
    assertThat(Endpoints.VALIDATE_STILL.filesSentAsText(Form.of(Map.of(), Map.of("video", new byte[1])))).isEmpty();
  }

  @Test
  void anEmptyValueIsABadArgumentNotTheDefault() {
    byte[] video = new byte[1];
    assertThat(check(Endpoints.VALIDATE_STILL, Map.of("return_image", ""), Map.of("video", video))).contains("BAD_ARGUMENTS:return_image");
    assertThat(check(Endpoints.VALIDATE_VIDEO, Map.of("token_random_number", ""), Map.of("video", video)))
        .contains("BAD_ARGUMENTS:token_random_number");
    assertThat(check(Endpoints.VALIDATE_STILL, Map.of(), Map.of("video", video))).isEmpty();
  }

  @Test
  void selfiesTakeOriginalPhotosAndReferencesKeepSeed002sTwoMegabytes() {
    assertThat(Endpoints.VALIDATE_FRONT_FACE.fileLimits()).containsEntry("selfie", 10L * 1024 * 1024);
    assertThat(Endpoints.VALIDATE_SIDE_FACE.fileLimits()).containsEntry("selfie", 10L * 1024 * 1024);
    assertThat(Endpoints.VERIFY.fileLimits()).containsEntry("image_ref1", 2L * 1024 * 1024);
    long verifyBody = Endpoints.VERIFY.fileLimits().values().stream().mapToLong(Long::longValue).sum();
    assertThat(verifyBody).as("three references fit one media record").isLessThan(Topics.MAX_MEDIA_RECORD_BYTES);
    assertThat(Endpoints.VALIDATE_FRONT_FACE.fileLimits().get("selfie")).isLessThan(Topics.MAX_MEDIA_RECORD_BYTES);
  }
}
