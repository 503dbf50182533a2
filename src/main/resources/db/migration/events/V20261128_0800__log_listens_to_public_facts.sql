-- The log's per-event listeners (AppendToLog.on(MemberJoined), .on(VoteClosed)…) became one listener
-- on the PublicFact contract. An event a previous release stored but had not yet appended would wait
-- for a listener that no longer exists: it goes to the new one (every such event implements PublicFact).
UPDATE event_publication
   SET listener_id = 'org.commune.transparency.AppendToLog.on(org.commune.transparency.PublicFact)'
 WHERE completion_date IS NULL
   AND listener_id LIKE 'org.commune.transparency.AppendToLog.on(%)'
   AND listener_id <> 'org.commune.transparency.AppendToLog.on(org.commune.transparency.PublicFact)';
