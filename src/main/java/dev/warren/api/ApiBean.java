package dev.warren.api;

import org.apache.camel.CamelContext;

/** A bean of the registry, found by name and type at its first use (the wiring binds it after the routes are built). */
final class ApiBean<A> {

    private final String name;
    private final Class<A> type;
    private volatile A bean;

    ApiBean(String name, Class<A> type) {
        this.name = name;
        this.type = type;
    }

    A get(CamelContext context) {
        A found = bean;
        if (found == null) {
            found = context.getRegistry().lookupByNameAndType(name, type);
            if (found == null) {
                throw new IllegalStateException("No bean " + name + " of type " + type.getName() + " in the registry");
            }
            bean = found;
        }
        return found;
    }
}
