package org.commune.assembly.web;

import org.commune.assembly.MeetingView;

/** A meeting's published minutes on a page of their own, made for printing. */
public record MinutesPage(MeetingView meeting, int presentCount, int members, int quorum, String minutesHtml) {}
