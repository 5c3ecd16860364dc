package io.daeploy.manager;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The manager's layering: the HTTP edge calls the domain, the domain calls the store and the runtimes, never the
 * other way round; HTTP types stay at the edge; packages do not depend on each other in circles.
 */
@AnalyzeClasses(packages = "io.daeploy.manager", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] EDGE = {"io.daeploy.manager", "io.daeploy.manager.api..", "io.daeploy.manager.gateway..",
            "io.daeploy.manager.http..", "io.daeploy.manager.https.."};

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("HTTP edge").definedBy(EDGE)
            .layer("Domain").definedBy("io.daeploy.manager.core..", "io.daeploy.manager.auth..", "io.daeploy.manager.notify..",
                    "io.daeploy.manager.metrics..")
            .layer("Store and runtimes").definedBy("io.daeploy.manager.store..", "io.daeploy.manager.runtime..",
                    "io.daeploy.manager.image..", "io.daeploy.manager.deploy..", "io.daeploy.manager.logs..",
                    "io.daeploy.manager.content..")
            .layer("Settings and errors").definedBy("io.daeploy.manager.config..", "io.daeploy.manager.errors..")
            .whereLayer("HTTP edge").mayNotBeAccessedByAnyLayer()
            .whereLayer("Domain").mayOnlyBeAccessedByLayers("HTTP edge")
            .whereLayer("Store and runtimes").mayOnlyBeAccessedByLayers("HTTP edge", "Domain");

    @ArchTest
    static final ArchRule httpTypesStayAtTheEdge = noClasses().that().resideOutsideOfPackages(EDGE)
            .should().dependOnClassesThat().resideInAnyPackage("io.helidon.http..", "io.helidon.webserver..")
            .because("domain code throws DomainException and the edge alone maps it to a status");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.daeploy.manager.(**)").should().beFreeOfCycles();
}
