package org.commune.publishing.web;

import org.commune.web.Form;

/** The form to publish an article a person wrote. */
public record ArticleFormPage(Form form) {}
