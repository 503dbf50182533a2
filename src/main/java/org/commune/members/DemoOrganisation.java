package org.commune.members;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo mode: a bilingual sample union with members, groups and role changes, made through the same
 * facades as real use so that the public log fills with real entries. The demo steward's password
 * is random and printed once; there are no default passwords even here.
 */
@Component
@Profile("demo")
@Order(10)
class DemoOrganisation implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoOrganisation.class);

  private final Organisation organisation;
  private final Members members;
  private final Groups groups;
  private final SetupLink setupLink;

  DemoOrganisation(Organisation organisation, Members members, Groups groups, SetupLink setupLink) {
    this.organisation = organisation;
    this.members = members;
    this.groups = groups;
    this.setupLink = setupLink;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (organisation.isSetUp()) {
      log.info("Demo organisation exists already; sign in with the password printed at its first start");
      return;
    }
    String password = Tokens.newToken().substring(0, 16);
    MemberId amina =
        organisation.setUp(
            "Nile Valley Workers' Union", "نقابة عمال وادي النيل", "ar",
            new NewMember("amina", "أمينة", null, password, "ar"));
    setupLink.spend();
    organisation.changeSettings(
        amina, new OrganisationProfile("Nile Valley Workers' Union", "نقابة عمال وادي النيل", "ar", true));
    List<NewMember> people =
        List.of(
            new NewMember("karim", "كريم", null, password, "ar"),
            new NewMember("salma", "Salma", null, password, "en"),
            new NewMember("youssef", "يوسف", null, password, "ar"),
            new NewMember("nour", "Nour", null, password, "en"),
            new NewMember("hassan", "حسن", null, password, "ar"),
            new NewMember("leila", "Leila", null, password, "en"));
    for (NewMember person : people) {
      members.register(person);
    }
    GroupId alex = groups.create(amina, "alexandria", "Alexandria branch", "فرع الإسكندرية", "branch");
    GroupId cairo = groups.create(amina, "cairo", "Cairo branch", "فرع القاهرة", "branch");
    GroupId media = groups.create(amina, "media-watch", "Media watch group", "مجموعة رصد الإعلام", "working_group");
    GroupId audit = groups.create(amina, "audit", "Audit committee", "لجنة الرقابة", "committee");
    groups.add(amina, alex, "karim", "Founding member of the branch");
    groups.add(amina, alex, "salma", "Elected branch secretary");
    groups.add(amina, cairo, "youssef", "Transferred from Giza");
    groups.add(amina, cairo, "hassan", "عضو مؤسس");
    groups.add(amina, media, "nour", "Volunteered at the general assembly");
    groups.add(amina, media, "leila", "Volunteered at the general assembly");
    groups.add(amina, audit, "hassan", "انتخبته الجمعية العمومية");
    members.changeRole(amina, member("salma"), Role.MODERATOR, "Elected moderator by the general assembly");
    members.changeRole(amina, member("karim"), Role.STEWARD, "Second steward, so that no one person holds the keys");
    System.out.println();
    System.out.println("  Demo organisation ready. Sign in as amina (or karim, salma, youssef, nour, hassan, leila)");
    System.out.println("  with the password: " + password);
    System.out.println();
  }

  private MemberId member(String username) {
    return members.all().stream().filter(m -> m.username().equals(username)).findFirst().orElseThrow().id();
  }
}
