CREATE TABLE `chat_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`effect_id` integer NOT NULL,
	`subject` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`conversation_id` text NOT NULL,
	`message_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_effect` ON `chat_messages` (`platform`,`effect_id`,`recipient`);--> statement-breakpoint
CREATE INDEX `chat_messages_subject` ON `chat_messages` (`platform`,`subject`,`kind`);--> statement-breakpoint
CREATE TABLE `inbound_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
