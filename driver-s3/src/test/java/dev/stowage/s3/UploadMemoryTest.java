package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UploadMemoryTest {

  @Test
  @DisplayName(
      "waiters are served in order: a part-sized request does not overtake a whole single PUT"
          + " waiting before it")
  void firstComeFirstServed() {
    UploadMemory memory = new UploadMemory(10);
    List<String> served = new CopyOnWriteArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          memory.take(8);
          Thread whole = new Thread(() -> takeAndNote(memory, 10, "whole", served));
          whole.start();
          awaitWaiting(whole);
          Thread part = new Thread(() -> takeAndNote(memory, 2, "part", served));
          part.start();
          awaitWaiting(part);
          // Two bytes are free, but the part came after the whole PUT: it waits its turn.
          assertThat(served).isEmpty();
          memory.give(8);
          whole.join();
          part.join();
        });
    assertThat(served).containsExactly("whole", "part");
  }

  @Test
  @DisplayName("an interrupted waiter leaves the line, and the next one is served")
  void interruptedWaiterLeaves() {
    UploadMemory memory = new UploadMemory(10);
    List<String> served = new CopyOnWriteArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          memory.take(8);
          Thread whole = new Thread(() -> takeAndNote(memory, 10, "whole", served));
          whole.start();
          awaitWaiting(whole);
          Thread part = new Thread(() -> takeAndNote(memory, 2, "part", served));
          part.start();
          awaitWaiting(part);
          whole.interrupt();
          part.join();
          whole.join();
        });
    assertThat(served).containsExactly("part");
  }

  private static void takeAndNote(
      UploadMemory memory, long bytes, String name, List<String> served) {
    try {
      memory.take(bytes);
      served.add(name);
      memory.give(bytes);
    } catch (InterruptedException e) {
      // left the line
    }
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    while (t.getState() != Thread.State.WAITING) {
      Thread.sleep(5);
    }
  }
}
