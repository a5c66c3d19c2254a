package io.smsbridge.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The HTTP API's description for clients: docs/openapi.yaml (with the message's JSON Schema it refers to) at
 * {@code /api/openapi.yaml}, and Swagger UI on it at {@code /api/docs}. The only static files the bridge serves
 * (spring.web.resources.add-mappings is off: an unknown path is a cheap 404). The routes are described, not served,
 * here; they stay in routes/.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocsConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // one path segment: /api/openapi.yaml, /api/outbound-message.schema.json (the API's own routes match first)
        registry.addResourceHandler("/api/*").addResourceLocations("classpath:/api/");
        registry.addResourceHandler("/api/docs/**").addResourceLocations("classpath:/api/docs/");
        // the webjar's files without its version in the URL (index.html need not change when it is upgraded)
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .resourceChain(true).addResolver(new LiteWebJarsResourceResolver());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/api/docs", "/api/docs/index.html");
    }
}
