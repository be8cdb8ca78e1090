-- Webmention in and out, Bluesky replies (issue 16). Hand-written; mirrored in src/db/schema.ts.

-- Every Webmention received: one row per (source, target), so a repeat updates it. `id` is the
-- unguessable name of its status page (/webmention/status/<id>), given to the sender in Location.
CREATE TABLE `webmentions_received` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`target` text NOT NULL,
	`essay_slug` text NOT NULL,
	-- queued | accepted | removed | rejected | failed
	`status` text DEFAULT 'queued' NOT NULL,
	-- reply | like | repost | mention, once verified
	`kind` text,
	-- Why it was rejected or removed, or what the source's answer was: shown on the status page.
	`detail` text,
	`received_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`verified_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webmentions_received_pair_idx` ON `webmentions_received` (`source`,`target`);--> statement-breakpoint
CREATE INDEX `webmentions_received_at_idx` ON `webmentions_received` (`received_at`);--> statement-breakpoint

-- Every link of an essay a Webmention was (or is to be) sent for. `essay_updated` is the essay's
-- `updated` when it was sent: a changed essay sends again; `removed` marks a link gone from the essay
-- (or the essay gone), which is sent once more so the receiver can drop its copy.
CREATE TABLE `webmentions_sent` (
	`essay_slug` text NOT NULL,
	`target` text NOT NULL,
	`essay_updated` text NOT NULL,
	`removed` integer DEFAULT 0 NOT NULL,
	-- queued | sent | no-endpoint | failed
	`status` text DEFAULT 'queued' NOT NULL,
	`endpoint` text,
	`http_status` integer,
	`detail` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`essay_slug`, `target`)
);
--> statement-breakpoint
CREATE INDEX `webmentions_sent_updated_idx` ON `webmentions_sent` (`updated_at`);--> statement-breakpoint

-- One row per essay with a Bluesky post: where its thread is and when it was last read.
CREATE TABLE `bluesky_threads` (
	`essay_slug` text PRIMARY KEY NOT NULL,
	-- The post as the front matter names it (bsky.app URL or at:// URI) and as resolved (at://did/…).
	`post` text NOT NULL,
	`post_uri` text,
	`polled_at` integer DEFAULT 0 NOT NULL,
	-- ok | not-found | blocked | failed
	`status` text DEFAULT 'ok' NOT NULL,
	`detail` text,
	`like_count` integer DEFAULT 0 NOT NULL,
	`repost_count` integer DEFAULT 0 NOT NULL,
	`reply_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint

-- Every Bluesky reply brought in as a comment (comments.source = uri), with its own counts: a reply
-- missing from the next full read of the thread was deleted (or blocked) and disappears.
CREATE TABLE `bluesky_posts` (
	`uri` text PRIMARY KEY NOT NULL,
	`essay_slug` text NOT NULL,
	`like_count` integer DEFAULT 0 NOT NULL,
	`repost_count` integer DEFAULT 0 NOT NULL,
	`seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bluesky_posts_essay_idx` ON `bluesky_posts` (`essay_slug`);--> statement-breakpoint

-- Small named facts the background tasks keep between runs (the catalogue fingerprint last sent).
CREATE TABLE `open_web_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
