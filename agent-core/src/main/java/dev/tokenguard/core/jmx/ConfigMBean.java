package dev.tokenguard.core.jmx;

/** The agent's configuration file, named {@code tokenguard:type=Config}. */
@Description("The properties file tokenguard started with. It is watched and reloaded when it changes; reload()"
        + " reloads it at once.")
public interface ConfigMBean {

    @Description("The properties file's path.")
    String getFile();

    @Description("enforce: tokens cached, renewals limited, bans and policies enforced. observe: every carrier call"
            + " goes as the application makes it, and the Carrier beans' WouldBe* figures count what enforce would have"
            + " done. Write either to switch at once, without a restart.")
    String getMode();

    void setMode(String mode);

    @Description("Reads the properties file now and puts it in force: policies, presets and carrier limits change"
            + " without a restart (tokenguard.store takes one). Returns what changed, one line each. A file with an"
            + " error is rejected whole with the error's message (file, line and key), and nothing changes.")
    String[] reload();
}
