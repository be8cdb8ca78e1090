CREATE TABLE `responses` (
	`source` text PRIMARY KEY NOT NULL,
	`essay_slug` text NOT NULL,
	`kind` text NOT NULL,
	`origin` text NOT NULL,
	`author_name` text,
	`author_url` text,
	`url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `responses_essay_idx` ON `responses` (`essay_slug`,`kind`,`created_at`);--> statement-breakpoint
ALTER TABLE `comments` ADD `origin` text DEFAULT 'form' NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `origin_url` text;--> statement-breakpoint
-- Comments brought in by the WordPress and Disqus importers carry their source id already.
UPDATE `comments` SET `origin` = 'import' WHERE `source` IS NOT NULL;
