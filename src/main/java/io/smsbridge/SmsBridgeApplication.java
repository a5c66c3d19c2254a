package io.smsbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * SMS Bridge: the Camel routes in {@code routes/} plus the Java beans they call.
 * <p>
 * This is {@code @SpringBootApplication} spelled out, so the scan can leave out the stand-alone sandbox's own
 * entry point (the sandbox's components are still picked up, switched on by sandbox mode).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ConfigurationPropertiesScan
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        // by name: the bridge imports nothing of the sandbox, the outside world it talks to
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.smsbridge\\.sandbox\\.SandboxServerApplication")})
public class SmsBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(SmsBridgeApplication.class, args);
    }
}
