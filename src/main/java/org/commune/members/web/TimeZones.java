package org.commune.members.web;

import java.time.ZoneId;
import java.util.List;

/** The time zones people choose from: region zones (Africa/Cairo, Europe/Berlin…); the legacy aliases only confuse the list. */
final class TimeZones {

  static final List<String> REGIONS = ZoneId.getAvailableZoneIds().stream()
      .filter(z -> z.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
      .sorted()
      .toList();

  private TimeZones() {}
}
