/** The demo application: managed pools in a Spring Boot service. */
@NullMarked
package dev.managedexecutors.demo;

import org.jspecify.annotations.NullMarked;
