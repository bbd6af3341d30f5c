package dev.vortex.spring.boot.it;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** {@link OrdersApplication} without its {@code @RefreshScope} bean: for the classpath without Spring Cloud. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(OrdersApplication.OrdersProperties.class)
@Import(OrdersApplication.RecordedChanges.class)
class PlainBootApplication {}
