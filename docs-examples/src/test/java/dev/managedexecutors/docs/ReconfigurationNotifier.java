package dev.managedexecutors.docs;

import dev.managedexecutors.autoconfigure.refresh.PoolReconfigurationRefusedEvent;
import dev.managedexecutors.autoconfigure.refresh.PoolReconfiguredEvent;
import dev.managedexecutors.autoconfigure.refresh.Reconfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;

/** The listener of docs/operations.md: tells someone about each live reconfiguration. */
// tag::listener[]
public class ReconfigurationNotifier {
  final List<String> sent = new CopyOnWriteArrayList<>();

  @EventListener
  void applied(PoolReconfiguredEvent event) {
    Reconfiguration r = event.getReconfiguration();
    notify("Pool " + r.pool() + " reconfigured: " + String.join(", ", r.changes()));
  }

  @EventListener
  void refused(PoolReconfigurationRefusedEvent event) {
    notify("Change refused, no pool changed: " + event.getReconfiguration().problems());
  }

  private void notify(String message) {
    sent.add(message); // a chat message, a ticket, an e-mail …
  }
}
// end::listener[]
