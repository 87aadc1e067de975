package org.faceid.streams.processors.decode;

/**
 * The decoded video already runs longer than the caller accepts: decoding stopped there, so a
 * long or hostile clip costs no more than an acceptable one.
 */
public class DurationExceededException extends UnsupportedMediaException {

  private static final long serialVersionUID = 1L;

  public DurationExceededException(String message) {
    super(message);
  }
}
