package org.faceid.streams.processors.decode;

/**
 * The bytes handed to a probe are not media we can use: not a readable container or image, an
 * unsupported codec, a damaged or truncated file, or a file that needs more work to check than the
 * probe allows. The message says which, for logs; callers map any of these to their own
 * "invalid media" answer.
 */
public class UnsupportedMediaException extends Exception {

  private static final long serialVersionUID = 1L;

  public UnsupportedMediaException(String message) {
    super(message);
  }

  public UnsupportedMediaException(String message, Throwable cause) {
    super(message, cause);
  }
}
