-- Scale (issue 12, 100,000 comments on one essay). Hand-written: triggers and FTS5 tables are outside
-- drizzle's schema; src/db/schema.ts mirrors the counter tables and the index (the FTS tables, like
-- 0003's, are not listed there and drizzle-kit never generates them).
--
-- 1. The number of threads (approved top-level comments) per essay, kept by triggers, so the comments
--    API answers `threads` and `pages` without counting every root of the essay on each request.
CREATE TABLE `comment_thread_counts` (
	`essay_slug` text PRIMARY KEY NOT NULL,
	`threads` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `comment_threads_insert` AFTER INSERT ON `comments`
WHEN new.status = 'approved' AND new.parent_id IS NULL
BEGIN
	INSERT INTO comment_thread_counts (essay_slug, threads) VALUES (new.essay_slug, 1)
		ON CONFLICT (essay_slug) DO UPDATE SET threads = threads + 1;
END;
--> statement-breakpoint
-- A thread leaves the count when it stops being an approved root, and enters it when it becomes one.
CREATE TRIGGER `comment_threads_update` AFTER UPDATE OF status, parent_id, essay_slug ON `comments`
WHEN (old.status = 'approved' AND old.parent_id IS NULL) OR (new.status = 'approved' AND new.parent_id IS NULL)
BEGIN
	UPDATE comment_thread_counts SET threads = threads - 1
		WHERE essay_slug = old.essay_slug AND old.status = 'approved' AND old.parent_id IS NULL;
	INSERT INTO comment_thread_counts (essay_slug, threads)
		SELECT new.essay_slug, 1 WHERE new.status = 'approved' AND new.parent_id IS NULL
		ON CONFLICT (essay_slug) DO UPDATE SET threads = threads + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `comment_threads_delete` AFTER DELETE ON `comments`
WHEN old.status = 'approved' AND old.parent_id IS NULL
BEGIN
	UPDATE comment_thread_counts SET threads = threads - 1 WHERE essay_slug = old.essay_slug;
END;
--> statement-breakpoint
INSERT INTO comment_thread_counts (essay_slug, threads)
	SELECT essay_slug, count(*) FROM comments WHERE status = 'approved' AND parent_id IS NULL GROUP BY essay_slug;
--> statement-breakpoint
-- 2. The admin's search (name, email, text; every status): a trigram index, so "contains q" (3+
--    characters) is found by the index instead of instr() over every body. It is a prefilter: the
--    admin query still applies its exact instr() test to the candidates, so the results are what the
--    scan found. Case is folded, diacritics are kept (remove_diacritics 0): the exact test folds
--    ASCII only, so the index must find at least what it finds. Admin-only: the public search
--    (search_comments*, approved only) never reads it. Stable document numbers as in 0003.
CREATE TABLE `admin_search_docs` (
	`doc` integer PRIMARY KEY,
	`comment_id` text NOT NULL UNIQUE
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `admin_search_tri` USING fts5(
	author_name, author_email, body,
	tokenize = 'trigram remove_diacritics 0'
);
--> statement-breakpoint
CREATE TRIGGER `admin_search_insert` AFTER INSERT ON `comments`
BEGIN
	DELETE FROM admin_search_tri WHERE rowid IN (SELECT doc FROM admin_search_docs WHERE comment_id = new.id);
	DELETE FROM admin_search_docs WHERE comment_id = new.id;
	INSERT INTO admin_search_docs (comment_id) VALUES (new.id);
	INSERT INTO admin_search_tri (rowid, author_name, author_email, body)
		SELECT doc, new.author_name, new.author_email, new.body FROM admin_search_docs WHERE comment_id = new.id;
END;
--> statement-breakpoint
-- An edit or an erase of name, email or text: the indexed copy follows (status is not indexed).
CREATE TRIGGER `admin_search_update` AFTER UPDATE OF author_name, author_email, body ON `comments`
BEGIN
	DELETE FROM admin_search_tri WHERE rowid IN (SELECT doc FROM admin_search_docs WHERE comment_id = old.id);
	INSERT INTO admin_search_tri (rowid, author_name, author_email, body)
		SELECT doc, new.author_name, new.author_email, new.body FROM admin_search_docs WHERE comment_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `admin_search_delete` AFTER DELETE ON `comments`
BEGIN
	DELETE FROM admin_search_tri WHERE rowid IN (SELECT doc FROM admin_search_docs WHERE comment_id = old.id);
	DELETE FROM admin_search_docs WHERE comment_id = old.id;
END;
--> statement-breakpoint
INSERT INTO admin_search_docs (comment_id) SELECT id FROM comments;
--> statement-breakpoint
INSERT INTO admin_search_tri (rowid, author_name, author_email, body)
	SELECT d.doc, c.author_name, c.author_email, c.body FROM admin_search_docs d JOIN comments c ON c.id = d.comment_id;
--> statement-breakpoint
-- 3. Comments per essay and status, kept by triggers, so the admin's stats and dashboard counts read
--    a few rows instead of grouping every comment on each request.
CREATE TABLE `comment_status_counts` (
	`essay_slug` text NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY (`essay_slug`, `status`)
);
--> statement-breakpoint
CREATE TRIGGER `comment_status_insert` AFTER INSERT ON `comments`
BEGIN
	INSERT INTO comment_status_counts (essay_slug, status, n) VALUES (new.essay_slug, new.status, 1)
		ON CONFLICT (essay_slug, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `comment_status_update` AFTER UPDATE OF status, essay_slug ON `comments`
WHEN old.status IS NOT new.status OR old.essay_slug IS NOT new.essay_slug
BEGIN
	UPDATE comment_status_counts SET n = n - 1 WHERE essay_slug = old.essay_slug AND status = old.status;
	INSERT INTO comment_status_counts (essay_slug, status, n) VALUES (new.essay_slug, new.status, 1)
		ON CONFLICT (essay_slug, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `comment_status_delete` AFTER DELETE ON `comments`
BEGIN
	UPDATE comment_status_counts SET n = n - 1 WHERE essay_slug = old.essay_slug AND status = old.status;
END;
--> statement-breakpoint
INSERT INTO comment_status_counts (essay_slug, status, n)
	SELECT essay_slug, status, count(*) FROM comments GROUP BY essay_slug, status;
--> statement-breakpoint
-- 4. The admin's list over every status ("all", and every search) is newest first: without this
--    index each request sorted the whole table to show 50 rows.
CREATE INDEX `comments_created_idx` ON `comments` (`created_at`,`id`);
