package org.faceid.streams.processors.common;

import org.faceid.streams.schema.ApiResult;

/**
 * What a stage makes of one request: either the value it passes on, or the answer that ends the
 * request here. Kept in memory between a stage's steps, never written to a topic.
 */
public record Outcome<T>(T next, ApiResult answer) {

  public static <T> Outcome<T> next(T value) {
    return new Outcome<>(value, null);
  }

  public static <T> Outcome<T> answer(ApiResult result) {
    return new Outcome<>(null, result);
  }

  public boolean answered() {
    return answer != null;
  }
}
