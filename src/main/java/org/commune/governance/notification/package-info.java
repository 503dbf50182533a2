/** Notifications: in the app and by email, as each member chose; sent when a proposal opens, votes open, a vote closes soon, and a result is in. Internal to governance. */
@NullMarked
package org.commune.governance.notification;

import org.jspecify.annotations.NullMarked;
