package org.commune.members;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the single organisation row. */
@Repository
class OrganisationRepository {

  private final JdbcClient jdbc;

  OrganisationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<OrganisationProfile> find() {
    return jdbc.sql("SELECT name_en, name_ar, default_language, open_registration, time_zone, digits FROM organisation WHERE id = 1")
        .query(
            (rs, n) ->
                new OrganisationProfile(
                    rs.getString("name_en"),
                    rs.getString("name_ar"),
                    rs.getString("default_language"),
                    rs.getBoolean("open_registration"),
                    rs.getString("time_zone"),
                    rs.getString("digits")))
        .optional();
  }

  /** Inserts the organisation; false when one exists already (set-up happens once). */
  boolean insert(OrganisationProfile profile) {
    return jdbc.sql(
                """
                INSERT INTO organisation (id, name_en, name_ar, default_language, open_registration)
                VALUES (1, :en, :ar, :lang, :open) ON CONFLICT (id) DO NOTHING
                """)
            .param("en", profile.nameEn())
            .param("ar", profile.nameAr())
            .param("lang", profile.defaultLanguage())
            .param("open", profile.openRegistration())
            .update()
        == 1;
  }

  void update(OrganisationProfile profile) {
    jdbc.sql(
            """
            UPDATE organisation SET name_en = :en, name_ar = :ar, default_language = :lang,
                   open_registration = :open, time_zone = coalesce(:zone, time_zone),
                   digits = coalesce(:digits, digits), version = version + 1 WHERE id = 1
            """)
        .param("zone", profile.timeZone())
        .param("digits", profile.digits())
        .param("en", profile.nameEn())
        .param("ar", profile.nameAr())
        .param("lang", profile.defaultLanguage())
        .param("open", profile.openRegistration())
        .update();
  }
}
