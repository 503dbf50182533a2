package org.commune.governance.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.UUID;
import org.commune.governance.ConstitutionRules;
import org.commune.governance.DecisionRules;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.governance.PublicNames;
import org.commune.governance.VotingRules;
import org.commune.governance.constitution.Constitution;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberPrincipal;
import org.commune.members.Organisation;
import org.commune.members.Role;
import org.commune.web.WebSliceConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Web slice: the constitution forms alone (no database, no other controller), with the governance
 * facade mocked. Checks how posted fields bind to the facade's arguments and how refusals come back:
 * 400 and the message in the member's language, Arabic included.
 */
@WebMvcTest(controllers = ConstitutionController.class)
@Import(WebSliceConfiguration.class)
class ConstitutionFormTest {

  @Autowired MockMvc mvc;
  @MockitoBean Proposals proposals;
  @MockitoBean Constitution constitution;
  @MockitoBean PublicNames publicNames;
  @MockitoBean Organisation organisation;

  final MemberId memberId = MemberId.random();

  @BeforeEach
  void foundingRules() {
    when(constitution.current()).thenReturn(ConstitutionRules.founding());
  }

  /** The checked methods and the numbers reach the facade as typed values; the member is the author. */
  @Test
  void postedRulesBindToTheFacade() throws Exception {
    ProposalId id = new ProposalId(UUID.randomUUID());
    when(proposals.proposeConstitutionChange(any(), any(), any(), any(), any(), anyInt(), anyInt())).thenReturn(id);

    MvcResult result = mvc.perform(asMember(post("/constitution/proposals")
            .param("title", "Raise the quorum").param("body", "Why").param("type", "general")
            .param("method-majority", "on").param("method-approval", "on").param("quorum", "30")
            .param("thresholdNum", "2").param("thresholdDen", "3").param("discussion", "5").param("voting", "4")
            .param("proposers", "member").param("days", "7"), "en"))
        .andReturn();

    assertThat(result.getResponse().getStatus()).isEqualTo(302);
    assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/proposals/" + id);
    ArgumentCaptor<DecisionRules> rules = ArgumentCaptor.forClass(DecisionRules.class);
    verify(proposals).proposeConstitutionChange(eq(memberId), eq("Raise the quorum"), eq("Why"), eq("general"),
        rules.capture(), eq(0), eq(7));
    assertThat(rules.getValue()).isEqualTo(new DecisionRules(List.of("majority", "approval"), 30, 2, 3, 5, 4, "member"));
  }

  /** A number that is not one binds as -1, which the facade refuses; the page says why, in Arabic. */
  @Test
  void refusedRulesComeBackAs400InTheMembersLanguage() throws Exception {
    when(proposals.proposeConstitutionChange(any(), any(), any(), any(), any(), anyInt(), anyInt()))
        .thenThrow(InvalidInput.of("quorum", "proposals.quorum.invalid"));

    MvcResult arabic = mvc.perform(asMember(post("/constitution/proposals")
            .param("title", "Quorum").param("type", "general").param("method-majority", "on").param("quorum", "abc")
            .param("thresholdNum", "2").param("thresholdDen", "3").param("discussion", "5").param("voting", "4")
            .param("proposers", "member").param("days", "7"), "ar"))
        .andReturn();

    assertThat(arabic.getResponse().getStatus()).isEqualTo(400);
    assertThat(arabic.getResponse().getContentAsString()).contains("lang=\"ar\"")
        .contains("اختر نصابًا بين 0 و100 بالمئة.");
    ArgumentCaptor<DecisionRules> rules = ArgumentCaptor.forClass(DecisionRules.class);
    verify(proposals).proposeConstitutionChange(eq(memberId), anyString(), anyString(), eq("general"), rules.capture(),
        eq(0), eq(7));
    assertThat(rules.getValue().quorumPercent()).as("not a number").isEqualTo(-1);
  }

  /** The voting-rules form: amounts and units become minutes, ticked roles the closers and extenders. */
  @Test
  void votingRulesBindToTheFacade() throws Exception {
    ProposalId id = new ProposalId(UUID.randomUUID());
    when(proposals.proposeVotingRules(any(), any(), any(), any(), anyInt())).thenReturn(id);
    MvcResult result = mvc.perform(asMember(post("/constitution/voting-rules")
            .param("title", "Meetings may vote quickly").param("body", "Why").param("minAmount", "5")
            .param("minUnit", "minutes").param("maxAmount", "4").param("maxUnit", "weeks").param("allVoted", "on")
            .param("closer-steward", "on").param("extender-moderator", "on").param("extender-steward", "on")
            .param("days", "7"), "en"))
        .andReturn();
    assertThat(result.getResponse().getStatus()).isEqualTo(302);
    ArgumentCaptor<VotingRules> rules = ArgumentCaptor.forClass(VotingRules.class);
    verify(proposals).proposeVotingRules(eq(memberId), eq("Meetings may vote quickly"), eq("Why"), rules.capture(), eq(7));
    assertThat(rules.getValue()).isEqualTo(new VotingRules(5, 4 * 7 * 24 * 60, List.of("steward"),
        List.of("steward", "moderator"), true));
  }

  /** Bad amounts and units are refused by the controller (both at once), in both languages; nothing proposed. */
  @Test
  void badVotingTimesAreRefusedInBothLanguages() throws Exception {
    for (String lang : List.of("en", "ar")) {
      MvcResult refused = mvc.perform(asMember(post("/constitution/voting-rules")
              .param("title", "Bad").param("minAmount", "ten").param("minUnit", "minutes").param("maxAmount", "2")
              .param("maxUnit", "months").param("days", "7"), lang))
          .andReturn();
      assertThat(refused.getResponse().getStatus()).isEqualTo(400);
      String body = refused.getResponse().getContentAsString();
      assertThat(body).contains(lang.equals("en") ? "Give the voting time as a whole number greater than 0."
          : "اكتب مدة التصويت عددًا صحيحًا أكبر من صفر.");
      assertThat(body).contains(lang.equals("en") ? "Choose minutes, hours, days or weeks."
          : "اختر دقائق أو ساعات أو أيامًا أو أسابيع.");
    }
    verify(proposals, never()).proposeVotingRules(any(), any(), any(), any(), anyInt());
  }

  /** Rules the constitution's check refuses (a longest time below the shortest) come back with their message. */
  @Test
  void inconsistentVotingRulesAreExplained() throws Exception {
    when(proposals.proposeVotingRules(any(), any(), any(), any(), anyInt()))
        .thenAnswer(call -> {
          Constitution.checkVoting(call.getArgument(3));
          return new ProposalId(UUID.randomUUID());
        });
    MvcResult refused = mvc.perform(asMember(post("/constitution/voting-rules")
            .param("title", "Upside down").param("minAmount", "2").param("minUnit", "days").param("maxAmount", "1")
            .param("maxUnit", "hours").param("days", "7"), "en"))
        .andReturn();
    assertThat(refused.getResponse().getStatus()).isEqualTo(400);
    assertThat(refused.getResponse().getContentAsString())
        .contains("The longest voting time must be at least the shortest and at most a year.");
  }

  /** A choice the form does not offer is refused by the controller itself, before the facade, in both languages. */
  @Test
  void anUnknownPublicNameChoiceIsRefused() throws Exception {
    MvcResult english = mvc.perform(asMember(post("/constitution/public-name").param("choice", "everyone"), "en")).andReturn();
    assertThat(english.getResponse().getStatus()).isEqualTo(400);
    assertThat(english.getResponse().getContentAsString())
        .contains("Choose whether to show your name or stop showing it.");

    MvcResult arabic = mvc.perform(asMember(post("/constitution/public-name").param("choice", "everyone"), "ar"))
        .andReturn();
    assertThat(arabic.getResponse().getStatus()).isEqualTo(400);
    assertThat(arabic.getResponse().getContentAsString()).contains("اختر إظهار اسمك أو إيقاف إظهاره.");
    verify(publicNames, never()).consent(any());
    verify(publicNames, never()).withdraw(any());
  }

  /** Without the CSRF token the form is refused before the controller. */
  @Test
  void aPostWithoutCsrfTokenIsRefused() throws Exception {
    MvcResult result = mvc.perform(post("/constitution/public-name").param("choice", "consent")
        .with(authentication(signedIn("en")))).andReturn();
    assertThat(result.getResponse().getStatus()).isEqualTo(403);
    verifyNoInteractions(publicNames);
  }

  /** Signed in as a member whose language is {@code language} (what pages use first), with the CSRF token. */
  private MockHttpServletRequestBuilder asMember(MockHttpServletRequestBuilder request, String language) {
    return request.with(authentication(signedIn(language))).with(csrf());
  }

  private UsernamePasswordAuthenticationToken signedIn(String language) {
    MemberPrincipal member = mock(MemberPrincipal.class);
    when(member.id()).thenReturn(memberId);
    when(member.displayName()).thenReturn("Salma");
    when(member.role()).thenReturn(Role.MEMBER);
    when(member.language()).thenReturn(language);
    return new UsernamePasswordAuthenticationToken(member, null, List.of(new SimpleGrantedAuthority("ROLE_MEMBER")));
  }
}
