package org.commune.members.web;

import org.commune.members.Organisation;
import org.commune.members.OrganisationProfile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The front page. */
@Controller
class HomeController {

  static final String TEMPLATE = "members/home";

  private final Organisation organisation;

  HomeController(Organisation organisation) {
    this.organisation = organisation;
  }

  @GetMapping("/")
  String home(Model model) {
    var profile = organisation.profile();
    return Pages.show(
        model,
        new HomePage(profile.isPresent(), profile.map(OrganisationProfile::openRegistration).orElse(false)),
        TEMPLATE);
  }
}
