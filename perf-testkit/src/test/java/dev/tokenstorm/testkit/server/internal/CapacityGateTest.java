package dev.tokenstorm.testkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CapacityGateTest {

  @Test
  void waitersAreAdmittedInArrivalOrder() throws Exception {
    CapacityGate gate = new CapacityGate(1);
    gate.acquire();
    List<Integer> admitted = new CopyOnWriteArrayList<>();
    Thread[] threads = new Thread[5];
    for (int i = 0; i < threads.length; i++) {
      int id = i;
      threads[i] = Thread.ofVirtual().start(() -> {
        try {
          gate.acquire();
          admitted.add(id);
          gate.release();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      waitForWaiting(gate, i + 1);
    }

    gate.release();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(admitted).containsExactly(0, 1, 2, 3, 4);
    assertThat(gate.peakActive()).isEqualTo(1);
  }

  @Test
  void interruptedWaiterLeavesQueueWithoutTakingSlot() throws Exception {
    CapacityGate gate = new CapacityGate(1);
    gate.acquire();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        gate.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waitForWaiting(gate, 1);

    waiter.interrupt();
    waiter.join();
    gate.release();

    assertThat(gate.waitingCount()).isZero();
    gate.setCapacity(1);
    gate.acquire();
    assertThat(gate.peakActive()).isEqualTo(1);
  }

  private static void waitForWaiting(CapacityGate gate, int count) throws InterruptedException {
    while (gate.waitingCount() < count) {
      Thread.sleep(1);
    }
  }
}
