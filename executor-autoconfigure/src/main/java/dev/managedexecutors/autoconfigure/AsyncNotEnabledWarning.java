package dev.managedexecutors.autoconfigure;

import java.lang.reflect.Method;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncAnnotationBeanPostProcessor;
import org.springframework.scheduling.config.TaskManagementConfigUtils;
import org.springframework.util.ClassUtils;

/**
 * Warns once at start-up when a bean has {@code @Async} methods but asynchronous execution is not
 * enabled: without {@code @EnableAsync}, Spring ignores the annotation and the method runs on the
 * caller's thread (a request thread, say), silently. The warning names one such method and the fix.
 *
 * <p>Looks at the application's bean classes only (not infrastructure beans), without creating any
 * bean. Thread-safety: called once by Spring, after every singleton exists.
 */
final class AsyncNotEnabledWarning implements SmartInitializingSingleton, BeanFactoryAware {
  private static final Log logger = LogFactory.getLog(AsyncNotEnabledWarning.class);

  private @Nullable ConfigurableListableBeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
      this.beanFactory = listable;
    }
  }

  @Override
  public void afterSingletonsInstantiated() {
    ConfigurableListableBeanFactory factory = beanFactory;
    if (factory == null || asyncEnabled(factory) || !logger.isWarnEnabled()) {
      return;
    }
    String method = firstAsyncMethod(factory);
    if (method != null) {
      logger.warn(
          "@Async on "
              + method
              + " has no effect: asynchronous execution is not enabled, so the method runs on the"
              + " caller's thread. Add @EnableAsync to a @Configuration class of the application.");
    }
  }

  private static boolean asyncEnabled(ConfigurableListableBeanFactory factory) {
    return factory.containsBean(TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)
        || factory.containsBean(TaskManagementConfigUtils.ASYNC_EXECUTION_ASPECT_BEAN_NAME)
        || factory.getBeanNamesForType(AsyncAnnotationBeanPostProcessor.class, true, false).length
            > 0;
  }

  private static @Nullable String firstAsyncMethod(ConfigurableListableBeanFactory factory) {
    for (String name : factory.getBeanDefinitionNames()) {
      if (factory.getBeanDefinition(name).getRole() != BeanDefinition.ROLE_APPLICATION) {
        continue;
      }
      Class<?> type;
      try {
        type = factory.getType(name, false);
      } catch (RuntimeException | LinkageError e) {
        continue; // a bean whose type cannot be known without creating it: not ours to judge
      }
      if (type == null) {
        continue;
      }
      Class<?> userClass = ClassUtils.getUserClass(type);
      Map<Method, Async> methods =
          MethodIntrospector.selectMethods(
              userClass,
              (MethodIntrospector.MetadataLookup<Async>)
                  m -> AnnotatedElementUtils.findMergedAnnotation(m, Async.class));
      if (!methods.isEmpty()) {
        Method m = methods.keySet().iterator().next();
        return userClass.getName() + "." + m.getName() + "()";
      }
      if (AnnotatedElementUtils.hasAnnotation(userClass, Async.class)) {
        return "class " + userClass.getName();
      }
    }
    return null;
  }
}
