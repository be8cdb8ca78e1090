CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`comment_id` text,
	`before_status` text,
	`after_status` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_comment_idx` ON `audit_log` (`comment_id`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`essay_slug` text NOT NULL,
	`parent_id` text,
	`depth` integer DEFAULT 0 NOT NULL,
	`author_name` text NOT NULL,
	`author_email` text NOT NULL,
	`author_url` text,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`previous_status` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`ip_hash` text,
	`user_agent` text,
	`spam_signals` text,
	`submission_key` text,
	`source` text
);
--> statement-breakpoint
CREATE INDEX `comments_page_idx` ON `comments` (`essay_slug`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_queue_idx` ON `comments` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_flood_ip_idx` ON `comments` (`ip_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_flood_email_idx` ON `comments` (`author_email`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_parent_idx` ON `comments` (`parent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `comments_submission_key_idx` ON `comments` (`submission_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `comments_source_idx` ON `comments` (`source`);--> statement-breakpoint
CREATE TABLE `share_clicks` (
	`essay_slug` text NOT NULL,
	`network` text NOT NULL,
	`day` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`essay_slug`, `network`, `day`)
);
--> statement-breakpoint
CREATE TABLE `used_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`used_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
