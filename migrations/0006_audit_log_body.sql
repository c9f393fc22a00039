-- The audit record stores its canonical text, `body`: exactly the bytes its hash covers, so that
-- verifying only reads and hashes. The other columns become virtual, computed from the body when
-- read, so they can never disagree with what is hashed. Hashes and links are copied unchanged:
-- every historical hash, and a head hash kept elsewhere, stays valid.
CREATE TABLE `__new_audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	`at` integer GENERATED ALWAYS AS (body ->> '$.at') VIRTUAL,
	`type` text GENERATED ALWAYS AS (body ->> '$.type') VIRTUAL,
	`actor_email` text GENERATED ALWAYS AS (body ->> '$.actor.email') VIRTUAL,
	`actor_platform` text GENERATED ALWAYS AS (body ->> '$.actor.platform') VIRTUAL,
	`actor_platform_user_id` text GENERATED ALWAYS AS (body ->> '$.actor.platformUserId') VIRTUAL,
	`subject` text GENERATED ALWAYS AS (body ->> '$.subject') VIRTUAL,
	`data` text GENERATED ALWAYS AS (body -> '$.data') VIRTUAL
);
--> statement-breakpoint
-- A record whose values the appender could not have written (an `at` stored as TEXT, data that is
-- not JSON, ...) was reported invalid before, whatever its hash. Its canonical text would be built
-- from the coerced values and could then match the hash: such a record gets a body that is not a
-- record at all (no top-level seq, so it never verifies), keeping the reason and the original
-- values, quoted, for whoever investigates. Every other record gets the text the verifier hashed.
INSERT INTO `__new_audit_log` (`seq`, `body`, `prev_hash`, `hash`)
SELECT `seq`,
	CASE WHEN typeof(`at`) = 'integer' AND `at` BETWEEN -9007199254740991 AND 9007199254740991
		AND typeof(`type`) = 'text' AND typeof(`actor_email`) = 'text' AND typeof(`actor_platform`) = 'text'
		AND typeof(`actor_platform_user_id`) IN ('text', 'null') AND typeof(`subject`) IN ('text', 'null')
		AND typeof(`data`) = 'text' AND json_valid(`data`)
	THEN concat('{"actor":{"email":', json_quote(`actor_email`), ',"platform":', json_quote(`actor_platform`),
		',"platformUserId":', json_quote(`actor_platform_user_id`), '},"at":', `at`, ',"data":', `data`,
		',"seq":', `seq`, ',"subject":', json_quote(`subject`), ',"type":', json_quote(`type`), '}')
	ELSE json_object(
		'invalidBeforeMigration', CASE
			WHEN NOT (typeof(`at`) = 'integer' AND `at` BETWEEN -9007199254740991 AND 9007199254740991) THEN 'at is not an integer'
			WHEN typeof(`type`) <> 'text' THEN 'type is not a string'
			WHEN typeof(`actor_email`) <> 'text' THEN 'actor_email is not a string'
			WHEN typeof(`actor_platform`) <> 'text' THEN 'actor_platform is not a string'
			WHEN typeof(`actor_platform_user_id`) NOT IN ('text', 'null') THEN 'actor_platform_user_id is not a string or null'
			WHEN typeof(`subject`) NOT IN ('text', 'null') THEN 'subject is not a string or null'
			WHEN typeof(`data`) <> 'text' THEN 'data is not a string'
			ELSE 'data is not JSON' END,
		'columns', json_array(quote(`at`), quote(`type`), quote(`actor_email`), quote(`actor_platform`),
			quote(`actor_platform_user_id`), quote(`subject`), quote(`data`)))
	END,
	`prev_hash`, `hash`
FROM `audit_log` ORDER BY `seq`;
--> statement-breakpoint
-- Dropping the table fires none of its triggers (and drops them and its indexes with it).
DROP TABLE `audit_log`;
--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);
--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject`);
--> statement-breakpoint
-- The triggers of 0001 and 0004, on the new table: still append-only, still no REPLACE.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_replace` BEFORE INSERT ON `audit_log`
WHEN EXISTS (SELECT 1 FROM `audit_log` WHERE `seq` = NEW.`seq`)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
