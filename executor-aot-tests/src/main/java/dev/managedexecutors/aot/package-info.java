/** A small application using the starter, for the tests that run it AOT-processed. */
@NullMarked
package dev.managedexecutors.aot;

import org.jspecify.annotations.NullMarked;
