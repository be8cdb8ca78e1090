-- Full-text search (src/search). Hand-written: FTS5 virtual tables and triggers are outside drizzle's
-- schema, so src/db/schema.ts does not list these tables and drizzle-kit never generates them.
--
-- Two tokenizers per corpus: `unicode61 remove_diacritics 2` finds words (case- and accent-folded for
-- Latin script); `trigram remove_diacritics 1` finds substrings of 3+ characters, so text written
-- without spaces (Chinese, Japanese) is findable. The search tries words first, trigrams when words
-- find nothing.

-- Essays: filled from the build by the worker (src/search/essay-index.ts), compared by content hash.
CREATE TABLE `search_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_essays` USING fts5(
	slug UNINDEXED, title, description, tags, body,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_essays_tri` USING fts5(
	slug UNINDEXED, title, description, tags, body,
	tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
-- Approved comments only, kept by the triggers below: no write path has to know about search.
-- Only the name shown on the page and the body are indexed: never the email, IP hash or user agent.
-- U+E000 and U+E001 are removed from the indexed copy: they are the highlight markers of snippet().
-- Each indexed comment gets a stable document number here (a comment's implicit rowid may change on
-- VACUUM), so a trigger finds its index rows by seek, not by scanning the index.
CREATE TABLE `search_comment_docs` (
	`doc` integer PRIMARY KEY,
	`comment_id` text NOT NULL UNIQUE
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_comments` USING fts5(
	author_name, body,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_comments_tri` USING fts5(
	author_name, body,
	tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `search_comments_insert` AFTER INSERT ON `comments` WHEN new.status = 'approved'
BEGIN
	DELETE FROM search_comments WHERE rowid IN (SELECT doc FROM search_comment_docs WHERE comment_id = new.id);
	DELETE FROM search_comments_tri WHERE rowid IN (SELECT doc FROM search_comment_docs WHERE comment_id = new.id);
	DELETE FROM search_comment_docs WHERE comment_id = new.id;
	INSERT INTO search_comment_docs (comment_id) VALUES (new.id);
	INSERT INTO search_comments (rowid, author_name, body)
		SELECT doc, replace(replace(new.author_name, char(57344), ''), char(57345), ''), replace(replace(new.body, char(57344), ''), char(57345), '') FROM search_comment_docs WHERE comment_id = new.id;
	INSERT INTO search_comments_tri (rowid, author_name, body)
		SELECT doc, replace(replace(new.author_name, char(57344), ''), char(57345), ''), replace(replace(new.body, char(57344), ''), char(57345), '') FROM search_comment_docs WHERE comment_id = new.id;
END;
--> statement-breakpoint
-- Any change of status, body or name: out of the index, then back in if (still) approved.
CREATE TRIGGER `search_comments_update` AFTER UPDATE OF status, body, author_name ON `comments`
BEGIN
	DELETE FROM search_comments WHERE rowid IN (SELECT doc FROM search_comment_docs WHERE comment_id = old.id);
	DELETE FROM search_comments_tri WHERE rowid IN (SELECT doc FROM search_comment_docs WHERE comment_id = old.id);
	DELETE FROM search_comment_docs WHERE comment_id = old.id;
	INSERT INTO search_comment_docs (comment_id) SELECT new.id WHERE new.status = 'approved';
	INSERT INTO search_comments (rowid, author_name, body)
		SELECT doc, replace(replace(new.author_name, char(57344), ''), char(57345), ''), replace(replace(new.body, char(57344), ''), char(57345), '') FROM search_comment_docs WHERE comment_id = new.id;
	INSERT INTO search_comments_tri (rowid, author_name, body)
		SELECT doc, replace(replace(new.author_name, char(57344), ''), char(57345), ''), replace(replace(new.body, char(57344), ''), char(57345), '') FROM search_comment_docs WHERE comment_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_comments_delete` AFTER DELETE ON `comments`
BEGIN
	DELETE FROM search_comments WHERE rowid IN (SELECT doc FROM search_comment_docs WHERE comment_id = old.id);
	DELETE FROM search_comments_tri WHERE rowid IN (SELECT doc FROM search_comment_docs WHERE comment_id = old.id);
	DELETE FROM search_comment_docs WHERE comment_id = old.id;
END;
--> statement-breakpoint
-- Comments approved before this migration.
INSERT INTO search_comment_docs (comment_id) SELECT id FROM comments WHERE status = 'approved';
--> statement-breakpoint
INSERT INTO search_comments (rowid, author_name, body)
	SELECT d.doc, replace(replace(c.author_name, char(57344), ''), char(57345), ''), replace(replace(c.body, char(57344), ''), char(57345), '') FROM search_comment_docs d JOIN comments c ON c.id = d.comment_id;
--> statement-breakpoint
INSERT INTO search_comments_tri (rowid, author_name, body)
	SELECT d.doc, replace(replace(c.author_name, char(57344), ''), char(57345), ''), replace(replace(c.body, char(57344), ''), char(57345), '') FROM search_comment_docs d JOIN comments c ON c.id = d.comment_id;
