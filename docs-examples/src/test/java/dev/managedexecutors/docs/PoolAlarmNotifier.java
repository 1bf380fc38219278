package dev.managedexecutors.docs;

import dev.managedexecutors.autoconfigure.events.PoolRejectionsEvent;
import dev.managedexecutors.autoconfigure.events.PoolSaturatedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;

/** The listener of docs/alerting.md: tells someone when a pool is in trouble. */
// tag::listener[]
public class PoolAlarmNotifier {
  final List<String> sent = new CopyOnWriteArrayList<>();

  @EventListener
  void saturated(PoolSaturatedEvent event) {
    notify("Pool " + event.getPool().name() + " saturated for " + event.getSaturatedFor());
  }

  @EventListener
  void rejecting(PoolRejectionsEvent event) {
    notify("Pool " + event.getPool().name() + " rejected " + event.getRejected() + " tasks");
  }

  private void notify(String message) {
    sent.add(message); // hand it to another thread if sending can block: this one watches pools
  }
}
// end::listener[]
