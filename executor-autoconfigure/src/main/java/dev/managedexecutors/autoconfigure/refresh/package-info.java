/**
 * Live reconfiguration of the declared pools (SPEC C1): when Spring Cloud Context publishes an
 * {@code EnvironmentChangeEvent} ({@code /actuator/refresh}, Spring Cloud Config or Bus, Kubernetes
 * config reloads), {@code managed-executors.pools.*} is bound again, checked as a whole, and
 * applied to the running pools. Loaded only with Spring Cloud Context on the class path.
 */
@NullMarked
package dev.managedexecutors.autoconfigure.refresh;

import org.jspecify.annotations.NullMarked;
