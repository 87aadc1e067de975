package org.faceid.streams.gateway.form;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;

/**
 * Reads a multipart/form-data body part by part as it streams in. Every part is bounded before it
 * is buffered: a file by its own limit and by the shared {@link UploadBudget}, a text field by
 * {@link #MAX_FIELD_BYTES} and all text kept (names and values) by {@link #FIELD_ALLOWANCE}, the
 * whole body by the sum. Text is not charged to the budget, so it needs a bound of its own: without
 * it thousands of distinct 4 KB fields, sent before any credentials, held a file-sized body in
 * memory. Once the answer is decided before the end
 * (a refusal, a file over its limit or over the budget) the rest is only scanned for {@code biz_no},
 * which every answer echoes: text fields are still read, files are skipped unbuffered, and reading
 * stops as soon as {@code biz_no} is known or the body limit is reached.
 */
public final class FormReader {

  /** Text fields are short (a token is at most 1024 bytes); longer ones are kept as "overlong". */
  public static final int MAX_FIELD_BYTES = 4096;
  /** Headroom for text fields and part headers on top of the files' limits. */
  public static final long FIELD_ALLOWANCE = 64 * 1024;
  private static final String BIZ_NO = "biz_no";
  private static final int CHUNK = 64 * 1024;

  /** Called after each part; returns false to refuse the request (the rest is only scanned). */
  @FunctionalInterface
  public interface PartListener {
    boolean afterPart(Form formSoFar);

    /**
     * Asked as a file part begins: false when the answer is already known to be a refusal that the
     * rest of the body can only postpone (its argument checks come first). The file is then read
     * to its end (the body limit bounds it) and refused 413 past its own limit, but not kept:
     * {@link Form#notKept} marks it sent.
     */
    default boolean keepFiles(Form formSoFar) {
      return true;
    }
  }

  /** Why reading ended. */
  public enum Stop {
    /** The whole body was read. */
    COMPLETE,
    /** The listener refused the request. */
    REFUSED,
    /** A file, or the whole body, is over its limit: 413. */
    TOO_LARGE,
    /** The upload budget has no room for a file's next bytes. */
    OVER_BUDGET,
    /** The body broke off, timed out or came in below the minimum rate. */
    UNREADABLE
  }

  /**
   * @param form what was read (files only when {@code stop} is COMPLETE or REFUSED before them)
   * @param stop why reading ended: the first reason; scanning for biz_no does not change it
   * @param brokenPart the part being read when the body became unreadable, or null
   */
  public record Reading(Form form, Stop stop, String brokenPart) {}

  private final Map<String, Long> fileLimits;
  private final long bodyLimit;
  private final UploadBudget.Lease lease;
  private final UploadPace pace;

  /**
   * @param fileLimits the file fields this endpoint takes, each with its byte limit
   * @param lease the request's share of the upload budget: every buffered file byte is taken from it
   */
  public FormReader(Map<String, Long> fileLimits, UploadBudget.Lease lease, UploadPace pace) {
    this.fileLimits = Map.copyOf(fileLimits);
    this.bodyLimit = fileLimits.values().stream().mapToLong(Long::longValue).sum() + FIELD_ALLOWANCE;
    this.lease = lease;
    this.pace = pace;
  }

  public long bodyLimit() {
    return bodyLimit;
  }

  /** One read: the stop reason decided so far and the part in progress. */
  private final class Pass {
    final Form form = new Form();
    Stop stop = Stop.COMPLETE;
    String part;
    long textKept;

    boolean scanning() {
      return stop != Stop.COMPLETE;
    }

    void stop(Stop why) {
      if (stop == Stop.COMPLETE) {
        stop = why;
      }
    }

    Reading result() {
      return new Reading(form, stop, stop == Stop.UNREADABLE ? part : null);
    }
  }

  public Reading read(RequestContext body, PartListener listener) {
    Pass pass = new Pass();
    if (body.getContentLength() > bodyLimit) {
      // Still scanned (up to the limit) for biz_no: the 413 echoes it too.
      pass.stop(Stop.TOO_LARGE);
    }
    BodyStream in;
    try {
      in = new BodyStream(body.getInputStream(), bodyLimit, pace);
    } catch (IOException e) {
      pass.stop(Stop.UNREADABLE);
      return pass.result();
    }
    String type = body.getContentType();
    try {
      if (AbstractFileUpload.isMultipartContent(body)) {
        readMultipart(withStream(body, in), pass, listener);
      } else if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        // An url-encoded form can carry the text arguments; files need multipart.
        readUrlEncoded(in, pass.form);
      }
    } catch (BodyStream.OverLimit e) {
      pass.stop(Stop.TOO_LARGE);
    } catch (IOException e) {
      pass.stop(rootCause(e) instanceof BodyStream.OverLimit ? Stop.TOO_LARGE : Stop.UNREADABLE);
    }
    return pass.result();
  }

  private void readMultipart(RequestContext body, Pass pass, PartListener listener)
      throws IOException {
    JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
    FileItemInputIterator parts = upload.getItemIterator(body);
    while (parts.hasNext()) {
      FileItemInput part = parts.next();
      pass.part = part.getFieldName();
      // Read each part to its end; no close(): on a dropped upload the part stream rethrows the
      // read's own exception from close(), which try-with-resources cannot suppress into itself.
      InputStream in = part.getInputStream();
      Long fileLimit = fileLimits.get(pass.part);
      if (fileLimit == null) {
        readField(in, pass.part, pass);
      } else if (pass.scanning()) {
        in.transferTo(OutputStream.nullOutputStream());
      } else if (!listener.keepFiles(pass.form)) {
        countFile(in, pass.part, fileLimit, pass);
      } else {
        readFile(in, pass.part, fileLimit, pass);
      }
      pass.part = null;
      if (!pass.scanning() && !listener.afterPart(pass.form)) {
        pass.stop(Stop.REFUSED);
      }
      if (pass.scanning() && pass.form.sent(BIZ_NO)) {
        return;
      }
    }
  }

  private void readFile(InputStream in, String name, long limit, Pass pass) throws IOException {
    byte[] content = new BudgetedRead(lease).readAtMost(in, limit);
    if (content == null) {
      pass.stop(Stop.TOO_LARGE);
    } else if (content == BudgetedRead.NO_ROOM) {
      pass.stop(Stop.OVER_BUDGET);
    } else {
      pass.form.putFile(name, content);
      return;
    }
    in.transferTo(OutputStream.nullOutputStream());
  }

  /** A file read to its end without keeping it: sent, within its limit (else 413), and charged nothing. */
  private static void countFile(InputStream in, String name, long limit, Pass pass) throws IOException {
    long size = in.transferTo(OutputStream.nullOutputStream());
    if (size > limit) {
      pass.stop(Stop.TOO_LARGE);
    } else {
      pass.form.putNotKept(name);
    }
  }

  private static void readField(InputStream in, String name, Pass pass) throws IOException {
    byte[] value = readAtMost(in, MAX_FIELD_BYTES);
    if (value == null) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    if (pass.form.sent(name)) {
      return; // the first value of a name wins: a repeat keeps nothing
    }
    pass.textKept += name.getBytes(StandardCharsets.UTF_8).length + (value == null ? 0 : value.length);
    // biz_no is kept even past the allowance (once, at most 4 KB): every answer echoes it, the 413 too.
    if (pass.textKept > FIELD_ALLOWANCE && !BIZ_NO.equals(name)) {
      pass.stop(Stop.TOO_LARGE);
    } else if (value == null) {
      pass.form.markOverlong(name);
    } else {
      pass.form.putField(name, new String(value, StandardCharsets.UTF_8));
    }
  }

  /** Body parameters only: a secret in the query string would end up in access logs. */
  private static void readUrlEncoded(InputStream in, Form form) throws IOException {
    byte[] body = readAtMost(in, FIELD_ALLOWANCE);
    if (body == null) {
      throw new BodyStream.OverLimit(FIELD_ALLOWANCE);
    }
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
      int eq = pair.indexOf('=');
      if (pair.isEmpty() || eq == 0) {
        continue;
      }
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (form.sent(name)) {
          continue; // the first value of a name wins, as in multipart
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD_BYTES) {
          form.markOverlong(name);
        } else {
          form.putField(name, value);
        }
      } catch (IllegalArgumentException malformedEscape) {
        // Skipped like any unreadable part: the argument checks report what is missing.
      }
    }
  }

  /** The stream's bytes, or null as soon as there are more than {@code limit} (text: no budget). */
  private static byte[] readAtMost(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[Math.toIntExact(Math.min(limit + 1, CHUNK))];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** The request as FileUpload sees it, reading through the bounded, paced stream. */
  private static RequestContext withStream(RequestContext body, InputStream in) {
    return new RequestContext() {
      @Override
      public String getCharacterEncoding() {
        return body.getCharacterEncoding();
      }

      @Override
      public long getContentLength() {
        // Unknown to FileUpload: the bounded stream enforces the limit while reading.
        return -1;
      }

      @Override
      public String getContentType() {
        return body.getContentType();
      }

      @Override
      public InputStream getInputStream() {
        return in;
      }

      @Override
      public boolean isMultipartRelated() {
        return body.isMultipartRelated();
      }
    };
  }
}
