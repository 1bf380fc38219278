/**
 * Spring application events about the pools' health (SPEC C3): a pool saturated for a while, and
 * bursts of rejected tasks, so that an application can notify however it likes.
 */
@NullMarked
package dev.managedexecutors.autoconfigure.events;

import org.jspecify.annotations.NullMarked;
