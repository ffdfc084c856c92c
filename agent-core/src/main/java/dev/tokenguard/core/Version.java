package dev.tokenguard.core;

/** tokenguard's version, as the agent jar's manifest states it ({@code Implementation-Version}). */
public final class Version {
    /** Where the classes come from no jar that states a version: a build tree, an IDE, unit tests. */
    static final String UNKNOWN = "dev";

    private Version() {}

    /**
     * The {@code Implementation-Version} of the jar this class was loaded from, or {@value #UNKNOWN}.
     * The class loader reads it from the manifest when it defines the package, so this costs no I/O.
     */
    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? UNKNOWN : version;
    }
}
