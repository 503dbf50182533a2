package org.commune.web;

/**
 * How many unread notifications a member has, for the count in the page header. Implemented by the module
 * that keeps notifications; the page frame asks it without depending on that module.
 */
public interface UnreadNotifications {

  long unread(String memberId);
}
