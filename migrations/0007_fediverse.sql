-- The blog's fediverse actor (src/fediverse). Written by hand; mirrored in src/db/schema.ts.
-- Who follows the blog: deliveries go to shared_inbox when they have one, else inbox. `failures` counts
-- permanent refusals (410, other 4xx) in a row; past the threshold the follower is dropped.
CREATE TABLE `fediverse_followers` (
	`actor_id` text PRIMARY KEY NOT NULL,
	`inbox` text NOT NULL,
	`shared_inbox` text,
	`follow_id` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- Remote actors and their signing keys, fetched to verify signatures: cached until expires_at, refetched
-- once when a signature fails with the cached key (key rotation).
CREATE TABLE `fediverse_actors` (
	`key_id` text PRIMARY KEY NOT NULL,
	`actor_id` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`inbox` text,
	`shared_inbox` text,
	`name` text,
	`username` text,
	`url` text,
	`fetched_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fediverse_actors_actor_idx` ON `fediverse_actors` (`actor_id`);--> statement-breakpoint
-- What followers were told about each essay: `version` is the essay's `updated` when it was announced,
-- so a later build with a newer one sends an Update, and a slug gone from the build sends a Delete.
CREATE TABLE `fediverse_announced` (
	`slug` text PRIMARY KEY NOT NULL,
	`object_id` text NOT NULL,
	`version` text NOT NULL,
	`announced_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
-- One row per (activity, inbox): at-least-once queue delivery never posts a delivered activity twice,
-- and the admin can see what failed and why.
CREATE TABLE `fediverse_deliveries` (
	`activity_id` text NOT NULL,
	`inbox` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status` integer,
	`last_error` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`activity_id`, `inbox`)
);
--> statement-breakpoint
CREATE INDEX `fediverse_deliveries_state_idx` ON `fediverse_deliveries` (`state`,`updated_at`);--> statement-breakpoint
-- Blocked accounts (an actor id) and instances (a host name): their deliveries get 403, nothing stored.
CREATE TABLE `fediverse_blocks` (
	`target` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
-- Signatures already accepted, until their Date leaves the window: a replayed request is refused.
CREATE TABLE `fediverse_seen_signatures` (
	`hash` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fediverse_seen_expires_idx` ON `fediverse_seen_signatures` (`expires_at`);
