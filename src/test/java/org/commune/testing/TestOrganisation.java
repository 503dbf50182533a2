package org.commune.testing;

import org.commune.members.Invitations;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.members.Role;
import org.commune.members.SetupLink;

/**
 * The organisation every running test instance has (one steward), and its members by role: shared by
 * {@link RunningCommune} and test bases that run an instance with settings of their own.
 */
public final class TestOrganisation {

  public static final String STEWARD = "steward";
  public static final String PASSWORD = "a long enough password";

  private TestOrganisation() {}

  /** Sets the organisation up with its steward, once. */
  public static void setUp(Organisation organisation, SetupLink setupLink) {
    if (!organisation.isSetUp()) {
      organisation.setUp("Test Union", "نقابة الاختبار", "en",
          new NewMember(STEWARD, "Steward", "steward@example.org", PASSWORD, "en"));
      setupLink.spend();
    }
  }

  /** A session on the instance at this port, signed in as the member. */
  public static WebSession signedIn(int port, String username) {
    WebSession session = new WebSession(port);
    WebSession.Page page = session.signIn(username, PASSWORD);
    if (!page.redirectsTo("/home")) {
      throw new AssertionError("sign-in as " + username + " failed: " + page.status() + " " + page.location());
    }
    return session;
  }

  /** A member with the role, created through an invitation if it does not exist yet. */
  public static MemberId member(Members members, Invitations invitations, String username, Role role) {
    MemberSummary existing =
        members.all().stream().filter(m -> m.username().equals(username)).findFirst().orElse(null);
    if (existing == null) {
      MemberId id = invitations.accept(invitations.create(steward(members), 1, null, null),
          new NewMember(username, "Name of " + username, null, PASSWORD, "en"));
      existing = members.find(id).orElseThrow();
    }
    if (existing.role() != role) {
      members.changeRole(steward(members), existing.id(), role, "test set-up");
    }
    return existing.id();
  }

  public static MemberId steward(Members members) {
    return members.all().stream().filter(m -> m.username().equals(STEWARD)).findFirst().orElseThrow().id();
  }
}
