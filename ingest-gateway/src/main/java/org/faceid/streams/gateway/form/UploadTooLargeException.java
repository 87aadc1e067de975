package org.faceid.streams.gateway.form;

/** The body, or one of its files, is over its limit: answered 413 while the rest is still unread. */
public final class UploadTooLargeException extends Exception {
  public UploadTooLargeException(String message) {
    super(message);
  }
}
