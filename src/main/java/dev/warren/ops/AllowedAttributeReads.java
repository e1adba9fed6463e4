package dev.warren.ops;

import org.jolokia.json.JSONObject;
import org.jolokia.server.core.config.ConfigKey;
import org.jolokia.server.core.request.EmptyResponseException;
import org.jolokia.server.core.request.JolokiaReadRequest;
import org.jolokia.server.core.request.JolokiaRequest;
import org.jolokia.server.core.request.JolokiaRequestFactory;
import org.jolokia.server.core.request.NotChangedException;
import org.jolokia.server.core.request.ProcessingParameters;
import org.jolokia.server.core.service.api.JolokiaContext;
import org.jolokia.service.jmx.LocalRequestHandler;

import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.IntrospectionException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jolokia's handler of local MBeans, except that a read of all attributes (no attribute named, of one MBean or of a
 * pattern) reads only those the policy lets the caller read, so that the others are left out of the answer.
 */
final class AllowedAttributeReads extends LocalRequestHandler {

    private JolokiaContext context;

    AllowedAttributeReads(int order) {
        super(order);
    }

    @Override
    public void init(JolokiaContext jolokiaContext) {
        super.init(jolokiaContext);
        context = jolokiaContext;
    }

    // Jolokia 2.4 refuses a read of all attributes as a whole when one of them is denied (ReadHandler asks the
    // restrictor per attribute and throws): a read naming the allowed ones instead answers them
    @Override
    public <R extends JolokiaRequest> Object handleRequest(R request, Object previousResult)
            throws InstanceNotFoundException, AttributeNotFoundException, ReflectionException, MBeanException,
            NotChangedException, EmptyResponseException {
        if (!(request instanceof JolokiaReadRequest read) || !readsAll(read)) {
            return super.handleRequest(request, previousResult);
        }
        // the narrowed reads below are POST-form requests: the caller's own method is checked here, once
        if (!context.isHttpMethodAllowed(read.getHttpMethod())) {
            throw new SecurityException("HTTP method " + read.getHttpMethod().getMethod()
                    + " is not allowed according to the installed security policy");
        }
        if (!read.getObjectName().isPattern()) {
            return readAllowed(read, read.getObjectName(), previousResult);
        }
        // as Jolokia answers a pattern: per MBean its attributes, MBeans without any left out
        Map<String, Object> byMBean = new HashMap<>();
        for (ObjectName name : matching(read.getObjectName())) {
            try {
                Object attributes = readAllowed(read, name, previousResult);
                if (!(attributes instanceof Map<?, ?> map) || !map.isEmpty()) {
                    byMBean.put(read.getOrderedObjectName(name), attributes);
                }
            } catch (InstanceNotFoundException unregisteredMeanwhile) {
                // gone since the query, as Jolokia skips it
            }
        }
        if (byMBean.isEmpty()) {
            throw new IllegalArgumentException("No attributes found on MBeans matching " + read.getObjectName());
        }
        return byMBean;
    }

    /** A read that names no attribute, or an empty list of them, which Jolokia reads as all. */
    private static boolean readsAll(JolokiaReadRequest read) {
        return !read.hasAttribute() || read.isMultiAttributeMode()
                && (read.getAttributeNames() == null || read.getAttributeNames().stream().allMatch(java.util.Objects::isNull));
    }

    /** The attributes of this MBean that the policy lets the caller read, read as Jolokia reads named attributes. */
    private Object readAllowed(JolokiaReadRequest read, ObjectName name, Object previousResult)
            throws InstanceNotFoundException, AttributeNotFoundException, ReflectionException, MBeanException,
            NotChangedException, EmptyResponseException {
        List<String> readable = readableAttributes(name);
        List<String> allowed = readable.stream().filter(attribute -> context.isAttributeReadAllowed(name, attribute)).toList();
        if (allowed.isEmpty()) {
            return new HashMap<String, Object>();
        }
        return super.handleRequest(namingAttributes(read, name, allowed), previousResult);
    }

    private List<String> readableAttributes(ObjectName name)
            throws InstanceNotFoundException, AttributeNotFoundException, ReflectionException, MBeanException {
        try {
            return context.getMBeanServerAccess().call(name, (connection, mbean, args) -> {
                try {
                    return Arrays.stream(connection.getMBeanInfo(mbean).getAttributes())
                            .filter(MBeanAttributeInfo::isReadable).map(MBeanAttributeInfo::getName).toList();
                } catch (IntrospectionException e) {
                    throw new IllegalArgumentException("Cannot inspect " + mbean, e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the MBean server", e);
        }
    }

    private Set<ObjectName> matching(ObjectName pattern) throws InstanceNotFoundException {
        try {
            Set<ObjectName> names = context.getMBeanServerAccess().queryNames(pattern);
            if (names.isEmpty()) {
                throw new InstanceNotFoundException("No MBean matches " + pattern);
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the MBean server", e);
        }
    }

    /** The same read (same processing parameters, e.g. ignoreErrors) of one MBean, naming these attributes. */
    private static JolokiaReadRequest namingAttributes(JolokiaReadRequest read, ObjectName name, List<String> attributes) {
        Map<ConfigKey, String> parameters = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            if (key.isRequestConfig() && read.getParameter(key) != null) {
                parameters.put(key, read.getParameter(key));
            }
        }
        JSONObject named = new JSONObject();
        named.put("type", "read");
        named.put("mbean", name.getCanonicalName());
        named.put("attribute", attributes);
        return JolokiaRequestFactory.createPostRequest(named, new ProcessingParameters(parameters));
    }
}
