package io.smsbridge.console;

import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The console's own static files (its stylesheet); htmx comes from its WebJar under /webjars (ApiDocsConfiguration). */
@Configuration(proxyBeanMethods = false)
@Conditional(ConsoleEnabled.class)
public class ConsoleWeb implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/**").addResourceLocations("classpath:/console-assets/");
    }
}
