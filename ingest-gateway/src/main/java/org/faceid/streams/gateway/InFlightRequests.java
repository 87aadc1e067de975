package org.faceid.streams.gateway;

import java.util.concurrent.Semaphore;

/** The cap on requests in flight on this gateway, whoever sends them. */
final class InFlightRequests {

  private final Semaphore slots;

  InFlightRequests(int max) {
    slots = new Semaphore(max);
  }

  boolean tryEnter() {
    return slots.tryAcquire();
  }

  void leave() {
    slots.release();
  }
}
