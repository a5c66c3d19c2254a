package io.smsbridge.routes;

import io.smsbridge.broker.PlainMessage;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.InterceptSendToMockEndpointStrategy;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.function.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * Route-level tests of one file of {@code routes/}: its routes in a Camel context of their own (no Spring, no broker,
 * no database), its beans stand-ins the test binds, endpoints that leave the route (JMS, Twilio, SMTP, HTTP) replaced
 * by mocks with AdviceWith. They run in seconds: {@code ./mvnw test -Dtest='*RoutesTest'} after editing a route.
 * The application's own settings (config/application.yml) are the routes' {{placeholders}}.
 */
abstract class RouteFileTestSupport {

    protected CamelContext camel;
    protected ProducerTemplate template;

    @BeforeEach
    void createContext() {
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(applicationProperties());
        bind("plainMessage", new PlainMessage());   // no dependencies: the real one
    }

    @AfterEach
    void stopContext() {
        camel.stop();
    }

    /**
     * The routes of {@code routes/<file>}, as the application loads them: in one go, so that Camel takes the route
     * configurations of all the files before their routes (loaded one by one, a route whose routeConfigurationId names a
     * configuration of a later file silently keeps the default error handler).
     */
    protected void load(String... files) throws Exception {
        Resource[] resources = new Resource[files.length];
        for (int i = 0; i < files.length; i++) {
            resources[i] = ResourceHelper.resolveMandatoryResource(camel, "file:" + Path.of("routes", files[i]));
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
    }

    protected void bind(String name, Object bean) {
        camel.getRegistry().bind(name, bean);
    }

    protected void advise(String routeId, ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) throws Exception {
        AdviceWith.adviceWith(camel, routeId, advice);
    }

    /**
     * Endpoints matching {@code pattern} replaced by mocks (mock:&lt;uri&gt;) in every route, without advising one: for an
     * endpoint several routes share (twilio:, used by the batch and the one-at-a-time paths).
     */
    protected void mockAndSkip(String pattern) {
        camel.getCamelContextExtension().registerEndpointCallback(new InterceptSendToMockEndpointStrategy(pattern, true));
    }

    protected void start() {
        camel.start();
        template = camel.createProducerTemplate();
    }

    protected MockEndpoint mockEndpoint(String name) {
        return camel.getEndpoint("mock:" + name, MockEndpoint.class);
    }

    /** config/application.yml, flattened and its ${...} resolved as Spring does: what the routes' {{placeholders}} become. */
    static Properties applicationProperties() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("config/application.yml"));
        Properties flat = yaml.getObject();
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new PropertiesPropertySource("application.yml", flat));
        Properties resolved = new Properties();
        for (Object name : flat.keySet()) {   // not stringPropertyNames(): YAML's true, 4 and 2.0 are no Strings
            resolved.setProperty(name.toString(), environment.getProperty(name.toString(), ""));
        }
        return resolved;
    }
}
