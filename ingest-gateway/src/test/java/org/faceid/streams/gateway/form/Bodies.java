package org.faceid.streams.gateway.form;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.fileupload2.core.RequestContext;

/** Request bodies for the gateway's tests: multipart parts, and streams that stall or trickle. */
public final class Bodies {

  public static final String BOUNDARY = "b0undary";

  private Bodies() {}

  public static byte[] field(String name, String value) {
    return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] fileHead(String name) {
    return ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
        + "\"; filename=\"f.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
  }

  public static byte[] file(String name, int bytes) {
    return concat(fileHead(name), new byte[bytes], ascii("\r\n"));
  }

  public static byte[] end() {
    return ascii("--" + BOUNDARY + "--\r\n");
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static RequestContext multipart(InputStream in, long contentLength) {
    return request("multipart/form-data; boundary=" + BOUNDARY, in, contentLength);
  }

  static RequestContext multipart(byte[] body) {
    return multipart(new ByteArrayInputStream(body), body.length);
  }

  static RequestContext request(String type, InputStream in, long contentLength) {
    return new RequestContext() {
      @Override
      public String getCharacterEncoding() {
        return "UTF-8";
      }

      @Override
      public long getContentLength() {
        return contentLength;
      }

      @Override
      public String getContentType() {
        return type;
      }

      @Override
      public InputStream getInputStream() {
        return in;
      }

      @Override
      public boolean isMultipartRelated() {
        return false;
      }
    };
  }

  /** {@code head}, then {@code zeros} zero bytes made as they are read, then a stall until {@code release}. */
  static InputStream thenStall(byte[] head, long zeros, AtomicInteger stalled, CountDownLatch release) {
    InputStream stall = new InputStream() {
      boolean counted;

      @Override
      public int read() {
        if (!counted) {
          counted = true;
          stalled.incrementAndGet();
        }
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
    };
    InputStream lazyZeros = new InputStream() {
      long left = zeros;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
    return new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head), lazyZeros), stall);
  }
}
