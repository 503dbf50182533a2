package org.commune;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/** Module boundaries and the house rules, checked on every build. */
class ModulesTest {

  static final ApplicationModules MODULES = ApplicationModules.of(Application.class);
  static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.commune");

  /** No cycles, no reaching into another module's internals, only declared dependencies. */
  @Test
  void modulesRespectTheirBoundaries() {
    MODULES.verify();
    assertThat(MODULES.stream().map(m -> m.getIdentifier().toString()))
        .contains("members", "transparency", "web", "database");
  }

  /** The module diagrams in docs/modules are generated from the code. */
  @Test
  void writesModuleDocumentation() {
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
  }

  /** Controllers live only in web packages. */
  @Test
  void controllersLiveInWebPackages() {
    classes().that().areAnnotatedWith(Controller.class).or().areAnnotatedWith(RestController.class)
        .should().resideInAPackage("..web..").check(CLASSES);
  }

  /** No grab-bag packages. */
  @Test
  void noGrabBagPackages() {
    noClasses().should().resideInAnyPackage("..util..", "..utils..", "..common..", "..misc..", "..helpers..")
        .check(CLASSES);
  }

  /** The Merkle tree is plain Java: the verifier and the server share it without Spring. */
  @Test
  void merkleTreeIsFreeOfSpring() {
    noClasses().that().resideInAPackage("org.commune.transparency.merkle..")
        .should().dependOnClassesThat().resideInAPackage("org.springframework..")
        .check(CLASSES);
  }

  /** SQL stays in repositories: only *Repository classes (and the database module) use JdbcClient. */
  @Test
  void sqlStaysInRepositories() {
    noClasses().that().haveSimpleNameNotEndingWith("Repository")
        .and().resideOutsideOfPackage("org.commune.database..")
        .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.simple.JdbcClient")
        .check(CLASSES);
  }

  /** Every module has a documented package-info. */
  @Test
  void everyModuleIsDocumented() throws IOException {
    MODULES.forEach(module -> {
      Path info = Path.of("src/main/java", module.getBasePackage().getName().replace('.', '/'), "package-info.java");
      assertThat(info).exists();
      try {
        assertThat(Files.readString(info)).contains("/**").contains("@ApplicationModule");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
