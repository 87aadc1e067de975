package org.faceid.streams.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.faceid.streams.cli.replay.Recording.Answer;
import org.faceid.streams.cli.replay.Recording.Request;
import org.faceid.streams.cli.replay.ReplayPlan.Item;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

  private static final long FROM = 1_796_000_000_000L;
  private static final long TO = FROM + 60_000;
  private static final String T1 = "1".repeat(43);
  private static final String SPENT = "2".repeat(43);

  private final Map<String, Answer> answers = new HashMap<>();

  @Test
  void tokensChainRequestsAndWhatCannotBeReplayedSaysWhy() {
    Request issue = request("1796000001,a", Endpoint.GET_RANDOM_NUMBER, null, 1_000);
    answer("1796000001,a", 200, null, T1);
    Request video = request("1796000002,b", Endpoint.VALIDATE_VIDEO, T1, 2_000);
    answer("1796000002,b", 200, null, "3".repeat(43));
    Request again = request("1796000003,c", Endpoint.VALIDATE_VIDEO, T1, 3_000);
    answer("1796000003,c", 400, "VIDEO_FACE_NOT_FOUND", null);
    Request refused = request("1796000004,d", Endpoint.VERIFY, "9".repeat(43), 4_000);
    answer("1796000004,d", 400, "INVALID_TOKEN", null);
    Request lost = request("1796000005,e", Endpoint.VERIFY, SPENT, 5_000);
    answer("1796000005,e", 200, null, null);
    Request unanswered = request("1796000006,f", Endpoint.GET_RANDOM_NUMBER, null, 6_000);
    answer("1796000007,g", 200, null, null); // its upload is gone
    answer("1795999999,h", 200, null, null); // received before the window

    List<Item> plan = ReplayPlan.of(new Recording(List.of(issue, video, again, refused, lost, unanswered), answers, Map.of()),
        FROM, TO);

    assertThat(plan).extracting(Item::requestId).containsExactly("1796000001,a", "1796000002,b", "1796000003,c",
        "1796000004,d", "1796000005,e", "1796000006,f", "1796000007,g");
    assertThat(plan.get(1).after()).as("after the answer that issued its token").containsExactly(plan.get(0));
    assertThat(plan.get(2).after()).as("and after the one before that presented it").containsExactly(plan.get(0), plan.get(1));
    assertThat(plan.get(3).unreplayable()).as("an unknown token refused is refused again").isNull();
    assertThat(plan.get(4).unreplayable()).isEqualTo(ReplayPlan.MISSING_TOKEN);
    assertThat(plan.get(5).unreplayable()).isEqualTo(ReplayPlan.NO_ANSWER);
    assertThat(plan.get(6).unreplayable()).isEqualTo(ReplayPlan.NOT_RETAINED);
  }

  @Test
  void aRecordedAnswerIsHeldWithoutItsImagesWhichStayOnTheTopic() {
    ApiResult withImages = ApiResult.newBuilder().setRequestId("1796000001,a").setGatewayId("g").setEndpoint(Endpoint.VALIDATE_STILL)
        .setHttpStatus(200).setToken(T1).setImageBest("i".repeat(200_000)).setImageBest2("j".repeat(200_000)).build();
    Answer kept = Answer.kept(withImages, FROM, 1, 42);
    assertThat(kept.result().getImageBest()).isNull();
    assertThat(kept.result().getImageBest2()).isNull();
    assertThat(kept.result().getToken()).as("what the plan and the token issuer read is kept").isEqualTo(T1);
    assertThat(kept.imagesLeftOnTopic()).isTrue();
    assertThat(kept.partition()).isEqualTo(1);
    assertThat(kept.offset()).isEqualTo(42);

    ApiResult plain = ApiResult.newBuilder(withImages).setImageBest(null).setImageBest2(null).build();
    Answer small = Answer.kept(plain, FROM, 0, 7);
    assertThat(small.result()).isSameAs(plain);
    assertThat(small.whole(null, null)).as("nothing to read again").isSameAs(plain);
  }

  private Request request(String id, Endpoint endpoint, String token, long at) {
    RequestMeta meta = RequestMeta.newBuilder().setRequestId(id).setEndpoint(endpoint).setApiKey("k").setGatewayId("g")
        .setReceivedAtMs(FROM + at).build();
    return new Request(Topics.RANDOM_NUMBER_SUBMITTED, 0, at, id, FROM + at, meta, token, 0);
  }

  private void answer(String id, int status, String error, String token) {
    answers.put(id, new Answer(ApiResult.newBuilder().setRequestId(id).setGatewayId("g").setEndpoint(Endpoint.VERIFY)
        .setHttpStatus(status).setErrorMessage(error).setToken(token).build(), FROM, 0, 0, false));
  }
}
