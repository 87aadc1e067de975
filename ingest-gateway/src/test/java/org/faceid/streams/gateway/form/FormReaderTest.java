package org.faceid.streams.gateway.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.gateway.form.Bodies.concat;
import static org.faceid.streams.gateway.form.Bodies.end;
import static org.faceid.streams.gateway.form.Bodies.field;
import static org.faceid.streams.gateway.form.Bodies.file;
import static org.faceid.streams.gateway.form.Bodies.fileHead;
import static org.faceid.streams.gateway.form.Bodies.multipart;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.faceid.streams.gateway.form.FormReader.Reading;
import org.faceid.streams.gateway.form.FormReader.Stop;
import org.junit.jupiter.api.Test;

class FormReaderTest {

  private static final long MB = 1024 * 1024;
  private static final Map<String, Long> VIDEO = Map.of("video", 20 * MB);

  private static Reading read(Map<String, Long> files, UploadBudget budget, byte[] body, FormReader.PartListener listener) {
    try (UploadBudget.Lease lease = budget.lease()) {
      return new FormReader(files, lease, UploadPace.NONE).read(multipart(body), listener);
    }
  }

  @Test
  void aCompleteFormKeepsItsFieldsAndFilesAndGivesTheBudgetBack() {
    UploadBudget budget = new UploadBudget(4 * MB);
    Reading r = read(VIDEO, budget, concat(field("api_key", "k"), file("video", 300_000), field("biz_no", "b"), end()), f -> true);

    assertThat(r.stop()).isEqualTo(Stop.COMPLETE);
    assertThat(r.form().file("video")).hasSize(300_000);
    assertThat(r.form().field("biz_no")).isEqualTo("b");
    assertThat(budget.inUse()).as("given back when the request's lease closes").isZero();
    assertThat(budget.peak()).as("the chunks and the joined copy").isBetween(300_000L, 2 * 300_000L + 64 * 1024);
  }

  @Test
  void manyStalledUploadsBeforeAnyCredentialsNeverHoldMoreThanTheBudget() throws Exception {
    // The incident, scaled down: 40 connections each sending a video before any credentials, then
    // stalling. Only the budget's worth is held; the rest is skipped while they stall.
    long budgetBytes = 16 * MB;
    long video = 5 * MB;
    UploadBudget budget = new UploadBudget(budgetBytes);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger stalled = new AtomicInteger();
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    List<Future<Reading>> readings = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      InputStream body = Bodies.thenStall(fileHead("video"), video, stalled, release);
      readings.add(pool.submit(() -> {
        try (UploadBudget.Lease lease = budget.lease()) {
          return new FormReader(VIDEO, lease, UploadPace.NONE).read(multipart(body, -1), f -> true);
        }
      }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (stalled.get() < 40 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(stalled.get()).as("every upload sent its video and stalls").isEqualTo(40);
    assertThat(budget.peak()).as("never past the budget").isLessThanOrEqualTo(budgetBytes);
    assertThat(budget.inUse()).as("three videos held, no more").isBetween(3 * video, budgetBytes);

    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    long overBudget = 0;
    for (Future<Reading> f : readings) {
      if (f.get().stop() == Stop.OVER_BUDGET) {
        overBudget++;
        assertThat(f.get().form().file("video")).isNull();
      }
    }
    assertThat(overBudget).as("all but the three that fit are refused").isEqualTo(37);
    assertThat(budget.inUse()).as("every byte given back once the requests end").isZero();
  }

  @Test
  void aRefusedRequestIsScannedForALaterBizNoWithoutBufferingItsFile() {
    UploadBudget budget = new UploadBudget(4 * MB);
    Reading r = read(VIDEO, budget, concat(field("api_key", "k"), field("api_secret", "wrong"), file("video", 3 * (int) MB),
        field("biz_no", "late"), field("after", "never read"), end()), f -> f.field("api_secret") == null);

    assertThat(r.stop()).isEqualTo(Stop.REFUSED);
    assertThat(r.form().field("biz_no")).isEqualTo("late");
    assertThat(r.form().file("video")).isNull();
    assertThat(r.form().sent("after")).as("reading stops once biz_no is known").isFalse();
    assertThat(budget.peak()).as("a refused request's file is skipped, not buffered").isZero();
  }

  @Test
  void aFileTheListenerNeedNotKeepIsReadToItsLimitButNeitherKeptNorCharged() {
    UploadBudget budget = new UploadBudget(4 * MB);
    FormReader.PartListener forged = new FormReader.PartListener() {
      @Override
      public boolean afterPart(Form soFar) {
        return true;
      }

      @Override
      public boolean keepFiles(Form soFar) {
        return !"forged".equals(soFar.field("token"));
      }
    };
    Reading r = read(VIDEO, budget, concat(field("token", "forged"), file("video", 3 * (int) MB), field("biz_no", "b"), end()), forged);

    assertThat(r.stop()).isEqualTo(Stop.COMPLETE);
    assertThat(r.form().has("video")).as("sent, for the argument checks").isTrue();
    assertThat(r.form().file("video")).isEmpty();
    assertThat(r.form().notKept()).isTrue();
    assertThat(r.form().field("biz_no")).as("the rest of the form is read").isEqualTo("b");
    assertThat(budget.peak()).as("nothing buffered").isZero();

    Reading over = read(Map.of("video", 1000L), budget, concat(field("token", "forged"), file("video", 5000), end()), forged);
    assertThat(over.stop()).as("still held to its limit").isEqualTo(Stop.TOO_LARGE);

    Reading kept = read(VIDEO, budget, concat(field("token", "sealed"), file("video", 1000), end()), forged);
    assertThat(kept.form().file("video")).hasSize(1000);
    assertThat(kept.form().notKept()).isFalse();
  }

  @Test
  void anOversizedFileIs413AndStillEchoesABizNoSentAfterIt() {
    UploadBudget budget = new UploadBudget(4 * MB);
    Reading r = read(Map.of("selfie", 1000L), budget, concat(file("selfie", 5000), field("biz_no", "after-413"), end()), f -> true);

    assertThat(r.stop()).isEqualTo(Stop.TOO_LARGE);
    assertThat(r.form().field("biz_no")).isEqualTo("after-413");
    assertThat(r.form().file("selfie")).isNull();
  }

  @Test
  void aDeclaredLengthOverTheBodyLimitIs413WithoutReadingPastTheLimit() {
    UploadBudget budget = new UploadBudget(4 * MB);
    byte[] body = concat(field("biz_no", "declared"), file("selfie", 500), end());
    try (UploadBudget.Lease lease = budget.lease()) {
      Reading r = new FormReader(Map.of("selfie", 1000L), lease, UploadPace.NONE)
          .read(multipart(new ByteArrayInputStream(body), 10 * MB), f -> true);
      assertThat(r.stop()).isEqualTo(Stop.TOO_LARGE);
      assertThat(r.form().field("biz_no")).isEqualTo("declared");
    }
  }

  @Test
  void aBodyThatTricklesBelowTheMinimumRateIsCutOff() {
    byte[] body = concat(field("api_key", "k"), file("video", 5000), end());
    int head = field("api_key", "k").length + fileHead("video").length;
    InputStream trickle = new InputStream() {
      int at;

      @Override
      public int read() {
        return at < body.length ? body[at++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        // The credentials and the file's head at once, then ten bytes every 20 ms.
        int n = Math.min(at < head ? head - at : 10, Math.min(len, body.length - at));
        if (n <= 0) {
          return -1;
        }
        System.arraycopy(body, at, b, off, n);
        at += n;
        return n;
      }
    };
    try (UploadBudget.Lease lease = new UploadBudget(MB).lease()) {
      Reading r = new FormReader(VIDEO, lease, new UploadPace(10_000, 200)).read(multipart(trickle, body.length), f -> true);
      assertThat(r.stop()).isEqualTo(Stop.UNREADABLE);
      assertThat(r.brokenPart()).isEqualTo("video");
      assertThat(r.form().field("api_key")).isEqualTo("k");
    }
  }

  @Test
  void urlEncodedFieldsKeepEmptyValuesAndFileNamesAsText() {
    // biz_no twice: the first value wins, as in multipart, even when the repeat is overlong.
    byte[] body = ("api_key=k&return_image=&video=abc&biz_no=b&biz_no=" + "x".repeat(FormReader.MAX_FIELD_BYTES + 1))
        .getBytes(StandardCharsets.US_ASCII);
    try (UploadBudget.Lease lease = new UploadBudget(MB).lease()) {
      Reading r = new FormReader(VIDEO, lease, UploadPace.NONE).read(
          Bodies.request("application/x-www-form-urlencoded", new ByteArrayInputStream(body), body.length), f -> true);
      assertThat(r.stop()).isEqualTo(Stop.COMPLETE);
      assertThat(r.form().empty("return_image")).isTrue();
      assertThat(r.form().sent("video")).isTrue();
      assertThat(r.form().file("video")).isNull();
      assertThat(r.form().field("biz_no")).isEqualTo("b");
      assertThat(r.form().overlong("biz_no")).isFalse();
    }
  }

  @Test
  void aFileExactlyAtItsLimitIsKeptAndOneByteMoreIs413() {
    Map<String, Long> selfie = Map.of("selfie", 1000L);
    Reading at = read(selfie, new UploadBudget(MB), concat(file("selfie", 1000), end()), f -> true);
    Reading over = read(selfie, new UploadBudget(MB), concat(file("selfie", 1001), end()), f -> true);

    assertThat(at.stop()).isEqualTo(Stop.COMPLETE);
    assertThat(at.form().file("selfie")).hasSize(1000);
    assertThat(over.stop()).isEqualTo(Stop.TOO_LARGE);
  }

  @Test
  void aTextFieldOverItsLimitIsKeptOnlyAsOverlong() {
    String longest = "t".repeat(FormReader.MAX_FIELD_BYTES);
    Reading r = read(VIDEO, new UploadBudget(MB),
        concat(field("token_random_number", longest), field("biz_no", longest + "x"), end()), f -> true);

    assertThat(r.stop()).isEqualTo(Stop.COMPLETE);
    assertThat(r.form().field("token_random_number")).isEqualTo(longest);
    assertThat(r.form().overlong("token_random_number")).isFalse();
    assertThat(r.form().field("biz_no")).isNull();
    assertThat(r.form().overlong("biz_no")).isTrue();
    assertThat(r.form().sent("biz_no")).isTrue();
  }

  @Test
  void textPastTheFieldAllowanceIs413AndIsNotKeptButBizNoStillIs() {
    // Many distinct fields before any credentials: text is not charged to the upload budget, so
    // without a bound of its own each request could hold a video's worth of fields.
    String kilobyte = "v".repeat(1024);
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      parts.add(field("f" + i, kilobyte));
    }
    parts.add(field("biz_no", "b"));
    parts.add(end());
    Reading r = read(VIDEO, new UploadBudget(MB), concat(parts.toArray(byte[][]::new)), f -> true);

    assertThat(r.stop()).isEqualTo(Stop.TOO_LARGE);
    assertThat(r.form().field("f0")).isEqualTo(kilobyte);
    assertThat(r.form().sent("f70")).as("past 64 KB of text nothing more is kept").isFalse();
    assertThat(r.form().sent("f99")).isFalse();
    assertThat(r.form().field("biz_no")).as("still echoed by the 413").isEqualTo("b");
  }

  @Test
  void aRepeatedFieldKeepsItsFirstValueAndCostsNothingMore() {
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      parts.add(field("api_key", i + "v".repeat(1024)));
    }
    parts.add(end());
    Reading r = read(VIDEO, new UploadBudget(MB), concat(parts.toArray(byte[][]::new)), f -> true);

    assertThat(r.stop()).isEqualTo(Stop.COMPLETE);
    assertThat(r.form().field("api_key")).startsWith("0v");
  }

  @Test
  void aFileTheBudgetHasNoRoomForIsOverBudgetAndNotBuffered() {
    UploadBudget budget = new UploadBudget(100_000);
    Reading r = read(VIDEO, budget, concat(file("video", 300_000), field("biz_no", "b"), end()), f -> true);

    assertThat(r.stop()).isEqualTo(Stop.OVER_BUDGET);
    assertThat(r.form().file("video")).isNull();
    assertThat(r.form().field("biz_no")).as("still scanned for").isEqualTo("b");
    assertThat(budget.peak()).isLessThanOrEqualTo(100_000L);
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void aBodyCutOffInsideAFileIsUnreadableInThatPart() {
    byte[] whole = concat(field("api_key", "k"), file("video", 5000), end());
    byte[] cut = Arrays.copyOf(whole, field("api_key", "k").length + fileHead("video").length + 2000);
    Reading r = read(VIDEO, new UploadBudget(MB), cut, f -> true);

    assertThat(r.stop()).isEqualTo(Stop.UNREADABLE);
    assertThat(r.brokenPart()).isEqualTo("video");
    assertThat(r.form().field("api_key")).isEqualTo("k");
    assertThat(r.form().file("video")).isNull();
  }

  @Test
  void aFilePartUnderANameTheCallDoesNotTakeIsABoundedTextField() {
    Reading r = read(VIDEO, new UploadBudget(MB), concat(file("selfie", 10), file("image_ref1", 5000), end()), f -> true);

    assertThat(r.stop()).isEqualTo(Stop.COMPLETE);
    assertThat(r.form().file("selfie")).isNull();
    assertThat(r.form().field("selfie")).hasSize(10);
    assertThat(r.form().overlong("image_ref1")).isTrue();
  }
}
