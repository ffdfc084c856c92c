package dev.tokenguard.core.jmx;

import dev.tokenguard.core.config.ConfigException;
import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.reload.ConfigReloader;
import javax.management.NotCompliantMBeanException;

/** {@link ConfigMBean} over the agent's {@link ConfigReloader}. */
final class ConfigBean extends DescribedBean implements ConfigMBean {
    private final ConfigReloader reloader;
    private final PolicyAdmin admin;

    ConfigBean(ConfigReloader reloader, PolicyAdmin admin) throws NotCompliantMBeanException {
        super(ConfigMBean.class);
        this.reloader = reloader;
        this.admin = admin;
    }

    @Override
    public String getMode() {
        return admin.mode().word();
    }

    /** @throws IllegalArgumentException naming the value, for anything but enforce or observe */
    @Override
    public void setMode(String mode) {
        admin.switchMode(GuardMode.of(mode), "JMX");
    }

    @Override
    public String getFile() {
        return reloader.file().toString();
    }

    /**
     * @throws IllegalArgumentException with the error's message, where the file was rejected: a JDK
     *                                  exception, so that any JMX console can show it
     */
    @Override
    public String[] reload() {
        try {
            return reloader.reload().toArray(String[]::new);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    String instance() {
        return " File: " + reloader.file() + ".";
    }
}
