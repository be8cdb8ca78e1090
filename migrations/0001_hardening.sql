CREATE TABLE `admin_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`actor` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `admin_sessions_expires_idx` ON `admin_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `share_click_readers` (
	`day` text NOT NULL,
	`essay_slug` text NOT NULL,
	`network` text NOT NULL,
	`reader_hash` text NOT NULL,
	PRIMARY KEY(`day`, `essay_slug`, `network`, `reader_hash`)
);
--> statement-breakpoint
ALTER TABLE `comments` ADD `form_nonce` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `body_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `comments_form_nonce_idx` ON `comments` (`form_nonce`);--> statement-breakpoint
-- Emails are compared case-insensitively everywhere: older rows (imports) are lowered once here.
UPDATE `comments` SET `author_email` = lower(`author_email`) WHERE `author_email` <> lower(`author_email`);
