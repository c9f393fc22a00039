CREATE TABLE `approvals` (
	`request_id` text NOT NULL,
	`approver_email` text NOT NULL,
	`platform` text NOT NULL,
	`platform_user_id` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`request_id`, `approver_email`),
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`actor_email` text NOT NULL,
	`actor_platform` text NOT NULL,
	`actor_platform_user_id` text,
	`subject` text,
	`data` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject`);--> statement-breakpoint
CREATE TABLE `break_glass_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`status` text NOT NULL,
	`due_at` integer NOT NULL,
	`overdue_flagged_at` integer,
	`reviewer_email` text,
	`outcome` text,
	`notes` text,
	`reviewed_at` integer,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `break_glass_reviews_status_due` ON `break_glass_reviews` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `fulfilment_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`grant_id` text NOT NULL,
	`action` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`done_at` integer,
	`done_by_email` text,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fulfilment_tasks_grant` ON `fulfilment_tasks` (`grant_id`,`action`,`status`);--> statement-breakpoint
CREATE TABLE `grants` (
	`id` text PRIMARY KEY NOT NULL,
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
	`warned_at` integer,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grants_request_id` ON `grants` (`request_id`);--> statement-breakpoint
CREATE INDEX `grants_status_expires_at` ON `grants` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `grants_subject_resource` ON `grants` (`subject_email`,`resource_id`,`status`);--> statement-breakpoint
CREATE TABLE `identities` (
	`platform` text NOT NULL,
	`platform_user_id` text NOT NULL,
	`email` text NOT NULL,
	`display_name` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `platform_user_id`)
);
--> statement-breakpoint
CREATE INDEX `identities_email` ON `identities` (`email`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`ordering_key` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claim_token` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_status_next_attempt` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_key_status_id` ON `outbox` (`ordering_key`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` text PRIMARY KEY NOT NULL,
	`requester_email` text NOT NULL,
	`requester_platform` text NOT NULL,
	`requester_platform_user_id` text,
	`resource_id` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`justification` text NOT NULL,
	`status` text NOT NULL,
	`approvals_required` integer NOT NULL,
	`break_glass` integer NOT NULL,
	`auto_approved` integer NOT NULL,
	`created_at` integer NOT NULL,
	`pending_until` integer NOT NULL,
	`decided_at` integer,
	`decided_by_email` text,
	`decision_reason` text,
	`policy_hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `requests_status_pending_until` ON `requests` (`status`,`pending_until`);--> statement-breakpoint
CREATE INDEX `requests_requester_status` ON `requests` (`requester_email`,`status`);