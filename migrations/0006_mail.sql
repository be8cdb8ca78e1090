-- Mail (src/mail): subscriptions with double opt-in, what was sent to whom, the outbox, dead letters,
-- and the confirmation requests the abuse limit counts. Hand-written; mirrored in src/db/schema.ts.
-- One row per address and what it follows: kind 'replies' (replies to that address's comments,
-- essay_slug '') or 'essay' (new comments on one essay). confirmed_at NULL: waiting for the link.
CREATE TABLE `mail_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`kind` text NOT NULL,
	`essay_slug` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`last_sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_subscriptions_target_idx` ON `mail_subscriptions` (`email`,`kind`,`essay_slug`);--> statement-breakpoint
CREATE INDEX `mail_subscriptions_essay_idx` ON `mail_subscriptions` (`kind`,`essay_slug`,`confirmed_at`);--> statement-breakpoint
CREATE INDEX `mail_subscriptions_created_idx` ON `mail_subscriptions` (`confirmed_at`,`created_at`);--> statement-breakpoint
-- The comments whose author asked to hear about replies (the comment form's checkbox).
CREATE TABLE `mail_watches` (
	`comment_id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_watches_email_idx` ON `mail_watches` (`email`);--> statement-breakpoint
-- Idempotency: a comment is mailed to a subscription at most once, however often a message is redelivered.
CREATE TABLE `mail_sent` (
	`subscription_id` text NOT NULL,
	`comment_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`subscription_id`, `comment_id`)
);
--> statement-breakpoint
-- Every message the consumer rendered: dedupe_key makes a redelivered queue message find its earlier
-- send. body_text only on a developer's machine (the local Outbox page); in production, status only.
CREATE TABLE `mail_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`kind` text NOT NULL,
	`to_email` text NOT NULL,
	`subject` text NOT NULL,
	`body_text` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`provider_id` text,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_dedupe_idx` ON `mail_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `mail_outbox_created_idx` ON `mail_outbox` (`created_at`);--> statement-breakpoint
-- Queue messages that failed every retry (the dead-letter queue's consumer writes them here).
CREATE TABLE `mail_dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`error` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_dead_letters_at_idx` ON `mail_dead_letters` (`at`);--> statement-breakpoint
-- Confirmation requests, counted for the limit of 3 per address and per IP hash per day.
CREATE TABLE `mail_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`ip_hash` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_requests_email_idx` ON `mail_requests` (`email`,`at`);--> statement-breakpoint
CREATE INDEX `mail_requests_ip_idx` ON `mail_requests` (`ip_hash`,`at`);
