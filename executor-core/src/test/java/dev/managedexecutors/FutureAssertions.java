package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * State oracles: each checks the whole observable state of a future (every query, every way of
 * reading the outcome, toString), so a future that is half in one state and half in another fails.
 */
final class FutureAssertions {
  private FutureAssertions() {}

  static void assertPending(ManagedFuture<?> f) {
    assertNotDone(f, "PENDING");
    assertThat(f.running()).isFalse();
  }

  static void assertRunning(ManagedFuture<?> f) {
    assertNotDone(f, "RUNNING");
    assertThat(f.running()).isTrue();
  }

  private static void assertNotDone(ManagedFuture<?> f, String state) {
    assertThat(f.done()).isFalse();
    assertThat(f.isDone()).isFalse();
    assertThat(f.cancelled()).isFalse();
    assertThat(f.isCancelled()).isFalse();
    assertThat(f).hasToString("ManagedFuture[" + state + "]");
    assertThatThrownBy(() -> f.result(Duration.ZERO)).isInstanceOf(FutureTimeoutException.class);
    assertThatThrownBy(() -> f.exception(Duration.ZERO)).isInstanceOf(FutureTimeoutException.class);
    assertThatThrownBy(() -> f.get(0, TimeUnit.NANOSECONDS)).isInstanceOf(TimeoutException.class);
  }

  static <T> void assertFinishedWith(ManagedFuture<T> f, T value) throws Exception {
    assertDone(f);
    assertThat(f.cancelled()).isFalse();
    assertThat(f.isCancelled()).isFalse();
    assertThat(f.result()).isEqualTo(value);
    assertThat(f.result(Duration.ZERO)).isEqualTo(value);
    assertThat(f.exception()).isNull();
    assertThat(f.get()).isEqualTo(value);
    assertThat(f.get(0, TimeUnit.SECONDS)).isEqualTo(value);
    assertThat(f.toString())
        .isEqualTo(
            "ManagedFuture[FINISHED, returned "
                + (value == null ? "null" : value.getClass().getName())
                + "]");
  }

  static void assertFailedWith(ManagedFuture<?> f, Throwable failure) {
    assertDone(f);
    assertThat(f.cancelled()).isFalse();
    assertThat(f.exception()).isSameAs(failure);
    assertThat(f.exception(Duration.ZERO)).isSameAs(failure);
    assertThatThrownBy(f::result).isInstanceOf(TaskFailedException.class).cause().isSameAs(failure);
    assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause().isSameAs(failure);
    assertThat(f)
        .hasToString("ManagedFuture[FINISHED, raised " + failure.getClass().getName() + "]");
  }

  static void assertCancelled(ManagedFuture<?> f) {
    assertDone(f);
    assertThat(f.cancelled()).isTrue();
    assertThat(f.isCancelled()).isTrue();
    assertThatThrownBy(f::result).isInstanceOf(CancellationException.class);
    assertThatThrownBy(f::exception).isInstanceOf(CancellationException.class);
    assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
    assertThat(f).hasToString("ManagedFuture[CANCELLED]");
    // A cancelled future stays cancelled whatever is tried on it.
    assertThat(f.cancel()).isTrue();
    assertThatThrownBy(() -> f.setResult(null)).isInstanceOf(InvalidStateException.class);
    assertThat(f.cancelled()).isTrue();
  }

  private static void assertDone(ManagedFuture<?> f) {
    assertThat(f.done()).isTrue();
    assertThat(f.isDone()).isTrue();
    assertThat(f.running()).isFalse();
  }
}
