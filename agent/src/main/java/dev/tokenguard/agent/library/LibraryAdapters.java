package dev.tokenguard.agent.library;

import java.lang.reflect.InvocationTargetException;

/**
 * Finds the adapter of one library for a class of that library, whichever class loader defined it.
 *
 * <p>One adapter instance per class loader of the library, created on first use. They live in a
 * {@link ClassValue} keyed on the hooked class: the entry hangs off that class, so the agent holds
 * no reference that would keep an undeployed application's class loader alive.
 */
public final class LibraryAdapters {
    private final String adapterClassName;
    private final ClassValue<LibraryAdapter> perHookedClass = new ClassValue<>() {
        @Override
        protected LibraryAdapter computeValue(Class<?> hooked) {
            return load(hooked.getClassLoader());
        }
    };

    /**
     * @param adapterClassName the binary name of a public class with a public no-argument
     *                         constructor that implements {@link LibraryAdapter}; by name, because
     *                         the agent's own class loader may not be able to load it
     */
    public LibraryAdapters(String adapterClassName) {
        this.adapterClassName = adapterClassName;
    }

    /** The adapter for the library copy that defined {@code hooked}. */
    public LibraryAdapter forClass(Class<?> hooked) {
        return perHookedClass.get(hooked);
    }

    private LibraryAdapter load(ClassLoader libraryLoader) {
        String adapterPackage = adapterClassName.substring(0, adapterClassName.lastIndexOf('.') + 1);
        ClassLoader loader = new AdapterClassLoader(libraryLoader, LibraryAdapters.class.getClassLoader(), adapterPackage);
        try {
            return (LibraryAdapter) Class.forName(adapterClassName, true, loader).getConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException
                 | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot load " + adapterClassName + " next to " + libraryLoader, e);
        }
    }
}
