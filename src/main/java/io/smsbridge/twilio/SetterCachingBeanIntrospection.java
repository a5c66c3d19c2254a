package io.smsbridge.twilio;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.DefaultBeanIntrospection;
import org.apache.camel.spi.BeanIntrospection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's bean introspection, remembering which setter a property resolves to.
 *
 * <p>Why hand-written: camel-twilio sets every parameter of a create that its method signature does not take
 * (StatusCallback, MediaUrl, SendAt, ...) with {@link BeanIntrospection#setProperty(CamelContext, Object, String, Object)}
 * on the SDK's {@code MessageCreator}, and Camel looks the setter up again each time: {@code Class.getMethods()} copies
 * every public method of the class, ~100 KB of garbage per create, 18 % of all the bridge's allocation under the
 * outbound benchmark (BENCHMARKS.md, twentieth round). Camel caches getters, not setters, and has no option for it.
 *
 * <p>Only the plain cases are remembered: exactly one public {@code set<Name>} method of the target's class that
 * takes the value's class as it is (the overload Camel picks too), or no one-argument method of that name at all (Camel
 * answers false). Anything else (type conversion, builder-style names, ambiguous overloads, nulls, nested names) is
 * left to Camel as before.
 */
public class SetterCachingBeanIntrospection extends DefaultBeanIntrospection {

    private static final Logger log = LoggerFactory.getLogger(SetterCachingBeanIntrospection.class);

    private record Key(Class<?> target, String property, Class<?> valueType) {
    }

    private record Setter(Method method) {
    }

    private final ConcurrentMap<Key, Optional<Setter>> setters = new ConcurrentHashMap<>();

    /** Replaces the context's bean introspection; call before routes start. */
    public static void install(CamelContext context) {
        SetterCachingBeanIntrospection introspection = new SetterCachingBeanIntrospection();
        introspection.setCamelContext(context);
        context.getCamelContextExtension().addContextPlugin(BeanIntrospection.class, introspection);
    }

    @Override
    public boolean setProperty(CamelContext context, Object target, String name, Object value) throws Exception {
        if (target == null || name == null || name.isEmpty() || name.contains(".") || value == null) {
            return super.setProperty(context, target, name, value);
        }
        Optional<Setter> setter = setters.computeIfAbsent(new Key(target.getClass(), name, value.getClass()),
                SetterCachingBeanIntrospection::setterFor);
        if (setter.isEmpty()) {
            return super.setProperty(context, target, name, value);
        }
        if (setter.get().method() == null) {
            return false; // the class has no setter of that name at all: Camel would look for one and answer false
        }
        try {
            setter.get().method().invoke(target, value);
            return true;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The one method to call (null: no method could be a setter of that name), or empty: let Camel decide. */
    private static Optional<Setter> setterFor(Key key) {
        String setterName = "set" + Character.toUpperCase(key.property().charAt(0)) + key.property().substring(1);
        List<Method> named = Arrays.stream(key.target().getMethods())
                .filter(m -> m.getParameterCount() == 1 && (m.getName().equals(setterName) || m.getName().equals(key.property())))
                .toList();
        if (named.isEmpty()) {
            return Optional.of(new Setter(null));
        }
        List<Method> taking = named.stream()
                .filter(m -> m.getName().equals(setterName) && m.getParameterTypes()[0].isAssignableFrom(key.valueType()))
                .toList();
        if (taking.size() != 1) {
            log.debug("{}.{} ({}): no single setter taking the value as it is; Camel's lookup each time",
                    key.target().getSimpleName(), key.property(), key.valueType().getSimpleName());
            return Optional.empty();
        }
        return Optional.of(new Setter(taking.get(0)));
    }
}
