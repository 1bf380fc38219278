package com.example.newcomer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

// tag::application[]
@SpringBootApplication
@EnableAsync // without it, @Async methods run on the caller's thread
public class NewcomerApplication {
  public static void main(String[] args) {
    SpringApplication.run(NewcomerApplication.class, args);
  }
}
// end::application[]
