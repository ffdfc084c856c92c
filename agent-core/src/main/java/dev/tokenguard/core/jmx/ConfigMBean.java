package dev.tokenguard.core.jmx;

/** The agent's configuration file, named {@code tokenguard:type=Config}. */
@Description("The properties file tokenguard started with. It is watched and reloaded when it changes; reload()"
        + " reloads it at once.")
public interface ConfigMBean {

    @Description("The properties file's path.")
    String getFile();

    @Description("Reads the properties file now and puts it in force: policies, presets and carrier limits change"
            + " without a restart (tokenguard.store takes one). Returns what changed, one line each. A file with an"
            + " error is rejected whole with the error's message (file, line and key), and nothing changes.")
    String[] reload();
}
