package org.commune.members;

/**
 * How many members there are, and how many were active (opened their home page) in the last 30 and 180
 * days: numbers only, no one in them.
 */
public record MemberCounts(long total, long activeMonth, long activeHalfYear) {}
