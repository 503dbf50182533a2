package org.commune.governance.web;

import java.util.List;
import org.commune.governance.notification.Notifications;

/** The member's notifications, newest first, and their choices of what to be told and how. */
public record NotificationsPage(List<Notifications.Item> items, List<Notifications.Choice> choices, boolean saved) {}
