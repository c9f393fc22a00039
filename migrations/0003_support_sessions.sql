CREATE TABLE `support_escalations` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`duration_ms` integer,
	`status` text NOT NULL,
	`requested_by_email` text NOT NULL,
	`requested_at` integer NOT NULL,
	`decided_by_email` text,
	`decided_at` integer,
	`reason` text,
	`expires_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `support_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `support_escalations_session` ON `support_escalations` (`session_id`,`status`);--> statement-breakpoint
CREATE TABLE `support_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`author_email` text NOT NULL,
	`text` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `support_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `support_notes_session` ON `support_notes` (`session_id`,`at`);--> statement-breakpoint
CREATE TABLE `support_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`end_user_email` text NOT NULL,
	`end_user_platform` text NOT NULL,
	`end_user_platform_user_id` text,
	`description` text NOT NULL,
	`device` text,
	`urgency` text NOT NULL,
	`ticket_ref` text,
	`status` text NOT NULL,
	`technician_email` text,
	`offered_to_email` text,
	`scope` text,
	`created_at` integer NOT NULL,
	`claimed_at` integer,
	`scoped_at` integer,
	`consent_requested_at` integer,
	`consent_expires_at` integer,
	`consented_at` integer,
	`started_at` integer,
	`last_activity_at` integer,
	`idle_warned_at` integer,
	`ended_at` integer,
	`end_reason` text,
	`documentation` text,
	`documented_at` integer,
	`doc_reminded_at` integer,
	`doc_reminders` integer DEFAULT 0 NOT NULL,
	`policy_hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `support_sessions_status` ON `support_sessions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `support_sessions_technician` ON `support_sessions` (`technician_email`,`status`);--> statement-breakpoint
CREATE INDEX `support_sessions_end_user` ON `support_sessions` (`end_user_email`,`status`);--> statement-breakpoint
-- Migrations run inside a transaction, where PRAGMA foreign_keys cannot change; deferring the
-- checks to commit lets the grants table be rebuilt while fulfilment_tasks still points at it.
PRAGMA defer_foreign_keys=ON;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text DEFAULT 'access' NOT NULL,
	`request_id` text NOT NULL,
	`subject_email` text NOT NULL,
	`resource_id` text NOT NULL,
	`status` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`approvers` text NOT NULL,
	`created_at` integer NOT NULL,
	`provisioned_at` integer,
	`expires_at` integer,
	`ended_at` integer,
	`end_reason` text,
	`revoked_at` integer,
	`covered_by_grant_id` text,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`warned_at` integer
);
--> statement-breakpoint
INSERT INTO `__new_grants`("id", "kind", "request_id", "subject_email", "resource_id", "status", "duration_ms", "approvers", "created_at", "provisioned_at", "expires_at", "ended_at", "end_reason", "revoked_at", "covered_by_grant_id", "failures", "last_error", "warned_at") SELECT "id", 'access', "request_id", "subject_email", "resource_id", "status", "duration_ms", "approvers", "created_at", "provisioned_at", "expires_at", "ended_at", "end_reason", "revoked_at", "covered_by_grant_id", "failures", "last_error", "warned_at" FROM `grants`;--> statement-breakpoint
DROP TABLE `grants`;--> statement-breakpoint
ALTER TABLE `__new_grants` RENAME TO `grants`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `grants_request_id` ON `grants` (`request_id`);--> statement-breakpoint
CREATE INDEX `grants_status_expires_at` ON `grants` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `grants_subject_resource` ON `grants` (`subject_email`,`resource_id`,`status`);