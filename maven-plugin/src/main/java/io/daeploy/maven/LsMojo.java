package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/** {@code mvn daeploy:ls}: the deployed services, optionally only one name and/or version. */
@Mojo(name = "ls", requiresProject = false, threadSafe = true)
public class LsMojo extends AbstractDaeployMojo {

    /** Show only this service name. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** Show only this version. */
    @Parameter(property = "daeploy.version")
    private String version;

    @Override
    protected void run() {
        String onlyName = optional("daeploy.name", name);
        String onlyVersion = optional("daeploy.version", version);
        List<ServiceVersion> shown = client().services().stream()
                .filter(s -> onlyName == null || s.name().equals(onlyName))
                .filter(s -> onlyVersion == null || s.version().equals(onlyVersion))
                .toList();
        info(ServiceTable.format(shown));
        // for every name shown with a shadow: how the shadows answer compared with the main
        shown.stream().filter(s -> !s.main()).map(ServiceVersion::name).distinct()
                .forEach(shadowed -> info(ShadowSummary.lines(client().shadowComparison(shadowed))));
    }
}
