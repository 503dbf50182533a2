package org.commune.members.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import org.commune.members.Accounts;
import org.commune.members.Organisation;
import org.commune.web.WebSliceConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Web slice: the password-reset request page never claims a mail was sent when this Commune cannot
 * send mail (it sends the visitor to a steward instead), and says the same for every account, in both
 * languages. The running-application tests always have SMTP (GreenMail), so this case is checked here.
 * (The slice's default security wants someone signed in; the page is the same for a visitor.)
 */
@WebMvcTest(controllers = PasswordResetController.class)
@Import(WebSliceConfiguration.class)
class ResetWithoutMailTest {

  @Autowired MockMvc mvc;
  @MockitoBean Accounts accounts;
  @MockitoBean Organisation organisation;

  @BeforeEach
  void english() {
    when(organisation.get()).thenReturn("en");
  }

  @Test
  void withoutMailNoPageSaysAMailWasSent() throws Exception {
    when(accounts.canSendMail()).thenReturn(false);
    String form = mvc.perform(get("/reset").with(user("visitor"))).andReturn().getResponse().getContentAsString();
    assertThat(form).contains("Ask a steward for a recovery link").doesNotContain("action=\"/reset\"");

    String known = mvc.perform(post("/reset").param("account", "salma").with(user("visitor")).with(csrf()))
        .andReturn().getResponse().getContentAsString();
    String unknown = mvc.perform(post("/reset").param("account", "nobody@example.org").with(user("visitor")).with(csrf()))
        .andReturn().getResponse().getContentAsString();
    assertThat(known).contains("Ask a steward for a recovery link").doesNotContain("on its way");
    assertThat(withoutTokens(known)).isEqualTo(withoutTokens(unknown));
    verify(accounts, never()).requestPasswordReset(any());

    String arabic = mvc.perform(post("/reset").param("account", "salma").cookie(new Cookie("lang", "ar"))
            .with(user("visitor")).with(csrf()))
        .andReturn().getResponse().getContentAsString();
    assertThat(arabic).contains("lang=\"ar\"").contains("اطلب رابط استعادة من أحد المشرفين");
  }

  @Test
  void withMailTheAnswerIsConditionalAndPointsToStewards() throws Exception {
    when(accounts.canSendMail()).thenReturn(true);
    String sent = mvc.perform(post("/reset").param("account", "salma").with(user("visitor")).with(csrf()))
        .andReturn().getResponse().getContentAsString();
    assertThat(sent).contains("If an account matches and has an email address").contains("ask a steward for a recovery link");
    verify(accounts).requestPasswordReset("salma");
  }

  private static String withoutTokens(String page) {
    return page.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "").replaceAll("content=\"[^\"]*\"", "");
  }
}
