package org.commune.assembly.web;

import java.util.List;
import org.commune.assembly.MeetingView;
import org.commune.web.Form;

/** The meetings list: in session, upcoming and past; for stewards, the form to call one. */
public record MeetingsPage(List<MeetingView> inSession, List<MeetingView> upcoming, List<MeetingView> past,
    boolean mayConvene, Form form) {}
