-- INSERT OR REPLACE (and REPLACE INTO) over an existing record deletes it without firing the
-- delete trigger (unless recursive_triggers is on), which got past audit_log_no_delete. A BEFORE
-- INSERT trigger runs before the conflict is resolved, so it refuses REPLACE, and an upsert, as
-- soon as the seq is taken. An ordinary append (a new seq) passes; a plain duplicate INSERT now
-- fails with this message rather than the primary key error, and INSERT OR IGNORE fails too.
CREATE TRIGGER `audit_log_no_replace` BEFORE INSERT ON `audit_log`
WHEN EXISTS (SELECT 1 FROM `audit_log` WHERE `seq` = NEW.`seq`)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
