package org.commune.publishing.web;

import org.commune.publishing.Announcement;
import org.commune.web.Form;

/** One announcement (or the notice that it was withdrawn), and the withdraw form's errors. */
public record AnnouncementPage(Announcement announcement, Form form, boolean posted) {}
