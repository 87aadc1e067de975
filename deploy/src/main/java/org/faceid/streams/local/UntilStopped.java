package org.faceid.streams.local;

import java.util.concurrent.CountDownLatch;

/** Keeps a process of some parts alive until it is stopped (SIGTERM, Ctrl-C), then closes them. */
final class UntilStopped {

  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Closes {@code parts} when the JVM is asked to stop; registered before the parts are ready. */
  UntilStopped(String what, AutoCloseable parts) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("faceid-streams: stopping " + what);
      try {
        parts.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
      stopped.countDown();
    }, "shutdown"));
  }

  void await() throws InterruptedException {
    stopped.await();
  }
}
