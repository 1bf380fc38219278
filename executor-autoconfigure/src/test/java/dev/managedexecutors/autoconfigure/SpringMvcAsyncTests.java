package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Spring MVC async request handling runs on the primary pool, not on a thread per request. */
class SpringMvcAsyncTests {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class,
                  ManagedExecutorsTaskExecutionAutoConfiguration.class,
                  HttpMessageConvertersAutoConfiguration.class,
                  DispatcherServletAutoConfiguration.class,
                  WebMvcAutoConfiguration.class))
          .withBean(ThreadController.class);

  @Test
  void whenAControllerReturnsACallableThenItRunsOnThePrimaryPool() {
    runner.run(
        context -> {
          MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
          MvcResult started =
              mvc.perform(get("/thread")).andExpect(request().asyncStarted()).andReturn();
          MvcResult done =
              mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn();
          assertThat(done.getResponse().getContentAsString()).startsWith("default-");
        });
  }

  @Test
  void whenAnotherPoolIsPrimaryThenAsyncRequestsRunOnIt() {
    runner
        .withPropertyValues("managed-executors.pools.web.primary=true")
        .run(
            context -> {
              MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
              MvcResult started =
                  mvc.perform(get("/thread")).andExpect(request().asyncStarted()).andReturn();
              MvcResult done =
                  mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn();
              assertThat(done.getResponse().getContentAsString()).startsWith("web-");
            });
  }

  @RestController
  static class ThreadController {
    @GetMapping("/thread")
    Callable<String> thread() {
      return () -> Thread.currentThread().getName();
    }
  }
}
