-- A fulfilment task keeps who was sent its Mark done card, so closing it edits exactly those copies
-- whatever the policy says by then.
ALTER TABLE `fulfilment_tasks` ADD `fulfillers` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
-- Tasks opened before this column existed: the list is in the audit record that opened the task
-- (`access.fulfilment_requested`, about the grant, with the task id and the fulfillers in its data).
-- A task without one keeps the empty list: only whoever closes it is then told, which never edits
-- a card for someone who did not get it.
UPDATE `fulfilment_tasks`
SET `fulfillers` = coalesce((
	SELECT `a`.`data` -> '$.fulfillers'
	FROM `audit_log` `a`
	WHERE `a`.`subject` = `fulfilment_tasks`.`grant_id`
		AND `a`.`type` = 'access.fulfilment_requested'
		AND `a`.`data` ->> '$.taskId' = `fulfilment_tasks`.`id`
		AND json_type(`a`.`data`, '$.fulfillers') = 'array'
	ORDER BY `a`.`seq`
	LIMIT 1
), '[]');
