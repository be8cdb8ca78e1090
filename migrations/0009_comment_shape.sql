ALTER TABLE `comments` ADD `body_html` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `body_html_version` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `edited_at` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `is_author` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `pinned_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `comments_pinned_idx` ON `comments` (`essay_slug`) WHERE pinned_at IS NOT NULL;