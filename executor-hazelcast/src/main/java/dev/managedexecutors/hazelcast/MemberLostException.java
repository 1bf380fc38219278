package dev.managedexecutors.hazelcast;

import org.jspecify.annotations.Nullable;

/**
 * The exception a future of a {@link DistributedPool} finishes with when the member running its
 * task left the cluster (it crashed, was killed or shut down, or was not a member any more when the
 * task reached it). The message and {@link #member()} name the member. A task of a durable pool is
 * carried out again elsewhere instead, as Hazelcast's durable executor promises, so its future does
 * not finish with this exception.
 *
 * <p>Whether the task ran, in part or in full, before the member left is unknown.
 *
 * <p>Thread-safety: immutable once thrown.
 */
public class MemberLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String member;

  /**
   * Creates the exception.
   *
   * @param pool the pool's name
   * @param member the member that left, as Hazelcast describes it ({@code Member [127.0.0.1]:5701 -
   *     uuid}), or {@code "unknown member"}
   * @param cause what Hazelcast reported
   */
  public MemberLostException(String pool, String member, @Nullable Throwable cause) {
    super(
        "task of distributed pool '"
            + pool
            + "' did not finish: "
            + member
            + " left the cluster (the task may have run in part)",
        cause);
    this.member = member;
  }

  /**
   * Returns the member that left, as Hazelcast describes it (address and UUID).
   *
   * @return the member's description
   */
  public String member() {
    return member;
  }
}
