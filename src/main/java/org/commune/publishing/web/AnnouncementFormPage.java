package org.commune.publishing.web;

import org.commune.web.Form;

/** The form to post an announcement. */
public record AnnouncementFormPage(Form form) {}
