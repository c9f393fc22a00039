CREATE TABLE `conversation_refs` (
	`platform` text NOT NULL,
	`conversation_id` text NOT NULL,
	`conversation_type` text NOT NULL,
	`service_url` text NOT NULL,
	`tenant_id` text,
	`email` text,
	`platform_user_id` text,
	`bot_id` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `conversation_id`)
);
--> statement-breakpoint
CREATE INDEX `conversation_refs_email` ON `conversation_refs` (`platform`,`email`);