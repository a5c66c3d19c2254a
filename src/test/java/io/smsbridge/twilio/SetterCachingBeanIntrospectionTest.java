package io.smsbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultBeanIntrospection;
import org.apache.camel.spi.BeanIntrospection;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SetterCachingBeanIntrospectionTest {

    /** Overloads like the Twilio SDK's creators: one setter per value type, builder style. */
    public static class Target {
        Object callback;
        String callbackKind;
        List<?> urls;
        String name;

        public Target setCallback(URI uri) {
            callback = uri;
            callbackKind = "uri";
            return this;
        }

        public Target setCallback(String uri) {
            callback = uri;
            callbackKind = "string";
            return this;
        }

        public Target setUrls(List<?> urls) {
            this.urls = urls;
            return this;
        }

        public void setName(String name) {
            this.name = name;
        }

        public void setFailing(Integer value) {
            throw new IllegalArgumentException("refused " + value);
        }
    }

    private CamelContext context;
    private BeanIntrospection introspection;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        SetterCachingBeanIntrospection.install(context);
        context.start();
        introspection = PluginHelper.getBeanIntrospection(context);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void isTheContextsIntrospection() {
        assertThat(introspection).isInstanceOf(SetterCachingBeanIntrospection.class);
    }

    @Test
    void picksTheOverloadTakingTheValueAsItIsEveryTime() throws Exception {
        for (int i = 0; i < 3; i++) {
            Target target = new Target();
            URI uri = URI.create("https://bridge.example/twilio/status/" + i);
            assertThat(introspection.setProperty(context, target, "callback", uri)).isTrue();
            assertThat(target.callback).isEqualTo(uri);
            assertThat(target.callbackKind).isEqualTo("uri");
        }
        Target target = new Target();
        introspection.setProperty(context, target, "callback", "https://bridge.example/s");
        assertThat(target.callbackKind).isEqualTo("string");
        assertThat(target.callback).isEqualTo("https://bridge.example/s");
        introspection.setProperty(context, target, "urls", List.of(URI.create("https://media.example/a.png")));
        assertThat(target.urls).hasSize(1);
    }

    @Test
    void leavesConversionsToCamel() throws Exception {
        Target target = new Target();
        assertThat(introspection.setProperty(context, target, "name", 42)).isTrue(); // Integer → String by Camel's converters
        assertThat(target.name).isEqualTo("42");
        assertThat(introspection.setProperty(context, target, "nothing", URI.create("https://x.example"))).isFalse();
    }

    @Test
    void setsWhatCamelsOwnIntrospectionSets() throws Exception {
        context.getRegistry().bind("statusUri", URI.create("https://registered.example/status"));
        DefaultBeanIntrospection camels = new DefaultBeanIntrospection();
        camels.setCamelContext(context);
        Object[][] cases = {
            {"callback", URI.create("https://bridge.example/status")}, {"callback", "https://bridge.example/s"},
            {"callback", "#statusUri"}, {"urls", List.of(URI.create("https://media.example/a.png"))}, {"name", 42},
            {"name", "x"}, {"nothing", URI.create("https://x.example")}, {"nothing", "y"},
        };
        for (Object[] c : cases) {
            for (int i = 0; i < 2; i++) { // the second time from what was remembered
                Target theirs = new Target();
                Target ours = new Target();
                boolean theirAnswer = camels.setProperty(context, theirs, (String) c[0], c[1]);
                assertThat(introspection.setProperty(context, ours, (String) c[0], c[1])).as("%s = %s", c[0], c[1]).isEqualTo(theirAnswer);
                assertThat(ours).as("%s = %s", c[0], c[1]).usingRecursiveComparison().isEqualTo(theirs);
            }
        }
    }

    @Test
    void aSetterThatThrowsThrowsItsOwnException() {
        assertThatThrownBy(() -> introspection.setProperty(context, new Target(), "failing", 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("refused 7");
    }

    @Test
    void setsTheStatusCallbackOfATwilioCreate() throws Exception {
        MessageCreator creator = new MessageCreator(new PhoneNumber("+15005550006"), new PhoneNumber("+15005550001"), "hi");
        URI callback = URI.create("https://bridge.example/twilio/status");
        assertThat(introspection.setProperty(context, creator, "statusCallback", callback)).isTrue();
        Field field = MessageCreator.class.getDeclaredField("statusCallback");
        field.setAccessible(true);
        assertThat(field.get(creator)).isEqualTo(callback);
    }
}
