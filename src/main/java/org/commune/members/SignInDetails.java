package org.commune.members;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** What the sign-in form sends besides username and password: the one-time code, if any. */
final class SignInDetails extends WebAuthenticationDetails {

  private final String code;

  SignInDetails(HttpServletRequest request) {
    super(request);
    String value = request.getParameter("code");
    this.code = value == null ? "" : value;
  }

  String code() {
    return code;
  }
}
