package org.commune.governance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The boundaries inside governance: a root package that is the module's API (the facade, ids, views,
 * events, the phases), internal packages around it that do not form cycles, and a deliberation that
 * proposals never call. {@code ModulesTest} checks that other modules use only the root package and
 * the "deliberation" named interface.
 */
class GovernancePackagesTest {

  static final String ROOT = "org.commune.governance";
  static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.commune");

  /** Each internal package, and the internal packages it must not use. */
  static final Map<String, List<String>> MUST_NOT_USE = Map.of(
      "proposal", List.of("ballot", "deliberation", "delegation", "notification", "web"),
      "ballot", List.of("deliberation", "delegation", "notification", "constitution", "web"),
      "deliberation", List.of("ballot", "delegation", "notification", "constitution", "web"),
      "delegation", List.of("proposal", "ballot", "deliberation", "notification", "constitution", "web"),
      "notification", List.of("proposal", "ballot", "deliberation", "delegation", "constitution", "web"),
      "constitution", List.of("proposal", "ballot", "deliberation", "delegation", "notification", "web"));

  @Test
  void internalPackagesFormNoCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void internalPackagesUseOnlyWhatTheyNeed() {
    MUST_NOT_USE.forEach((internal, forbidden) -> noClasses().that().resideInAPackage(ROOT + "." + internal + "..")
        .should().dependOnClassesThat().resideInAnyPackage(forbidden.stream().map(f -> ROOT + "." + f + "..")
            .toArray(String[]::new))
        .because("the " + internal + " package must not use " + forbidden)
        .check(CLASSES));
  }

  /** The cycle this split removed: deliberation calls proposals, never the other way (events instead). */
  @Test
  void proposalsNeverCallDeliberation() {
    noClasses().that().haveFullyQualifiedName(Proposals.class.getName())
        .or().resideInAnyPackage(ROOT + ".proposal..", ROOT + ".ballot..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".deliberation..")
        .check(CLASSES);
  }

  /** Other modules see the root package (and deliberation, a named interface), never the internals. */
  @Test
  void internalsStayInsideGovernance() {
    noClasses().that().resideOutsideOfPackage(ROOT + "..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".proposal..", ROOT + ".ballot..",
            ROOT + ".delegation..", ROOT + ".notification..", ROOT + ".constitution..", ROOT + ".web..")
        .check(CLASSES);
  }
}
