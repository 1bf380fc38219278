package dev.managedexecutors;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * Creates virtual threads where the running JDK has them (21 and later), while the code compiles
 * for Java 17: {@code Thread.ofVirtual().name(n).unstarted(r)} through method handles, looked up
 * once.
 */
final class VirtualThreads {
  private static final @Nullable MethodHandle OF_VIRTUAL;
  private static final @Nullable MethodHandle NAME;
  private static final @Nullable MethodHandle UNSTARTED;

  static {
    MethodHandle ofVirtual = null;
    MethodHandle name = null;
    MethodHandle unstarted = null;
    try {
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
      ofVirtual =
          lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
      name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
      unstarted =
          lookup.findVirtual(
              builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
    } catch (ReflectiveOperationException | LinkageError absent) {
      // JDK 17-20: no virtual threads; available() says so.
    }
    OF_VIRTUAL = ofVirtual;
    NAME = name;
    UNSTARTED = unstarted;
  }

  private VirtualThreads() {}

  static boolean available() {
    return OF_VIRTUAL != null;
  }

  static Thread unstarted(String name, Runnable body) {
    if (OF_VIRTUAL == null || NAME == null || UNSTARTED == null) {
      throw new UnsupportedOperationException("virtual threads need JDK 21 or later");
    }
    try {
      Object builder = OF_VIRTUAL.invoke();
      builder = NAME.invoke(builder, name);
      return (Thread) UNSTARTED.invoke(builder, body);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("could not create a virtual thread", e);
    }
  }
}
