package org.commune.publishing.web;

import java.util.List;
import org.commune.publishing.Announcement;
import org.jspecify.annotations.Nullable;

/** Standing announcements, newest first, with the numbers of the newer and older pages (null: none). */
public record AnnouncementsPage(List<Announcement> announcements, @Nullable Integer newer, @Nullable Integer older) {}
