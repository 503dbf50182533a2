package org.commune.members.web;

import org.commune.members.Organisation;
import org.commune.members.OrganisationProfile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The front page at {@code /}: what this instance is and the ways in (members go on to {@code /home}). */
@Controller
class FrontController {

  static final String TEMPLATE = "members/front";

  private final Organisation organisation;

  FrontController(Organisation organisation) {
    this.organisation = organisation;
  }

  @GetMapping("/")
  String home(Model model) {
    var profile = organisation.profile();
    return Pages.show(
        model,
        new FrontPage(profile.isPresent(), profile.map(OrganisationProfile::openRegistration).orElse(false)),
        TEMPLATE);
  }
}
