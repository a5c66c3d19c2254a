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

/**
 * Camel's bean introspection, remembering which setter a property resolves to.
 *
 * <p>Why hand-written: camel-twilio sets every parameter of a create that its method signature does not take
 * (StatusCallback, MediaUrl, SendAt, ...) with {@link BeanIntrospection#setProperty(CamelContext, Object, String, Object)}
 * on the SDK's {@code MessageCreator}, and Camel looks the setter up again each time: {@code Class.getMethods()} copies
 * every public method of the class, ~100 KB of garbage per create, 18 % of all the bridge's allocation under the
 * outbound benchmark (BENCHMARKS.md, twentieth round). Camel caches getters, not setters, and has no option for it.
 *
 * <p>Only the plain case is remembered: exactly one public {@code set<Name>} method of the target's class that takes
 * the value's class as it is (the overload Camel picks too). Anything else (type conversion, builder-style names,
 * ambiguous overloads, nulls, and strings, which may be Camel references such as {@code #bean:name}) is left to Camel
 * as before.
 */
public class SetterCachingBeanIntrospection extends DefaultBeanIntrospection {

    private record Key(Class<?> target, String property, Class<?> valueType) {
    }

    private final ConcurrentMap<Key, Optional<Method>> setters = new ConcurrentHashMap<>();

    /** Replaces the context's bean introspection; call before routes start. */
    public static void install(CamelContext context) {
        SetterCachingBeanIntrospection introspection = new SetterCachingBeanIntrospection();
        introspection.setCamelContext(context);
        context.getCamelContextExtension().addContextPlugin(BeanIntrospection.class, introspection);
    }

    @Override
    public boolean setProperty(CamelContext context, Object target, String name, Object value) throws Exception {
        if (target == null || name == null || name.isEmpty() || value == null || value instanceof String) {
            return super.setProperty(context, target, name, value);
        }
        Optional<Method> setter = setters.computeIfAbsent(new Key(target.getClass(), name, value.getClass()),
                SetterCachingBeanIntrospection::onlySetterTaking);
        if (setter.isEmpty()) {
            return super.setProperty(context, target, name, value);
        }
        try {
            setter.get().invoke(target, value);
            return true;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Optional<Method> onlySetterTaking(Key key) {
        String setterName = "set" + Character.toUpperCase(key.property().charAt(0)) + key.property().substring(1);
        List<Method> candidates = Arrays.stream(key.target().getMethods())
                .filter(m -> m.getName().equals(setterName) && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].isAssignableFrom(key.valueType()))
                .toList();
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }
}
