import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const
export type CommentStatus = (typeof COMMENT_STATUSES)[number]

/**
 * Where a comment was written. Every kind shares one model, so the thread, feeds, API, search,
 * moderation, export and privacy tools treat them alike; only the "via …" line differs.
 */
export const COMMENT_ORIGINS = [
  'form',
  'import',
  'email',
  'fediverse',
  'webmention',
  'bluesky',
] as const
export type CommentOrigin = (typeof COMMENT_ORIGINS)[number]

/** Responses that are not comments: counted and listed under the essay, never threaded. */
export const RESPONSE_KINDS = ['like', 'repost', 'mention'] as const
export type ResponseKind = (typeof RESPONSE_KINDS)[number]

/**
 * Reader comments. Times are epoch milliseconds. The raw client IP is never stored:
 * `ipHash` is an HMAC keyed by a secret, so it can only be compared, not reversed.
 */
export const comments = sqliteTable(
  'comments',
  {
    id: text('id').primaryKey(),
    essaySlug: text('essay_slug').notNull(),
    parentId: text('parent_id'),
    // 0 for a top-level comment; kept so the depth cap needs no recursive query.
    depth: integer('depth').notNull().default(0),
    authorName: text('author_name').notNull(),
    authorEmail: text('author_email').notNull(),
    authorUrl: text('author_url'),
    body: text('body').notNull(),
    status: text('status', { enum: COMMENT_STATUSES }).notNull().default('pending'),
    // Status before spam/trash, so "restore" returns a comment where it was.
    previousStatus: text('previous_status', { enum: COMMENT_STATUSES }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    ipHash: text('ip_hash'),
    userAgent: text('user_agent'),
    // Why the spam rules held or flagged it (JSON), shown to moderators only.
    spamSignals: text('spam_signals'),
    // Keyed hash of the form token's nonce, email and body: a double-submitted form inserts once.
    submissionKey: text('submission_key'),
    // Keyed hash of the form token's nonce alone: each page view's token posts one comment only.
    formNonce: text('form_nonce'),
    // The body case-folded with whitespace collapsed: duplicates are found however they are retyped.
    bodyKey: text('body_key'),
    // "wordpress:<post>:<comment>" or "disqus:<id>": re-running an import changes nothing; for remote
    // origins the remote id (a Note's id, a Webmention source URL, an at:// URI), so a redelivery updates.
    source: text('source'),
    origin: text('origin', { enum: COMMENT_ORIGINS }).notNull().default('form'),
    // The comment where it was written (a toot, a blog post, a Bluesky post), linked as "via …".
    originUrl: text('origin_url'),
    // `body` is the source (the Markdown subset); this is its HTML, rendered once when the comment is
    // written or edited (and by `npm run comments:rerender` when the renderer changes), at this version.
    bodyHtml: text('body_html'),
    bodyHtmlVersion: integer('body_html_version'),
    // Set when the author edited it within the edit window; shown as "edited".
    editedAt: integer('edited_at'),
    // Deleted by its author while it had replies: kept as a placeholder so the replies still make sense.
    deletedAt: integer('deleted_at'),
    // Written by a moderator signed in to the admin: published at once, marked "Author".
    isAuthor: integer('is_author', { mode: 'boolean' }).notNull().default(false),
    // At most one per essay (a partial unique index): shown first, marked "Pinned".
    pinnedAt: integer('pinned_at'),
  },
  (t) => [
    index('comments_page_idx').on(t.essaySlug, t.status, t.createdAt),
    // The comment page's thread query (loadCommentsPage): its roots are `essay_slug, status,
    // parent_id IS NULL` in `created_at, id` order, and its recursive step looks up `essay_slug, status,
    // parent_id = <a comment of the tree>`. Both are equality seeks on this one covering index, so a
    // page costs its own rows, not the essay's (without it the step scanned comments_page_idx: every
    // approved comment of the essay, once per level). tests/db/page-query-plan.test.ts checks the plan.
    index('comments_thread_idx').on(t.essaySlug, t.status, t.parentId, t.createdAt, t.id),
    // With origin (migration 0010): the stats page's comments per day and origin read index entries only.
    index('comments_queue_idx').on(t.status, t.createdAt, t.origin),
    // The admin's newest-first list over every status (and its search), migration 0005.
    index('comments_created_idx').on(t.createdAt, t.id),
    index('comments_flood_ip_idx').on(t.ipHash, t.createdAt),
    index('comments_flood_email_idx').on(t.authorEmail, t.createdAt),
    index('comments_parent_idx').on(t.parentId),
    uniqueIndex('comments_submission_key_idx').on(t.submissionKey),
    uniqueIndex('comments_form_nonce_idx').on(t.formNonce),
    uniqueIndex('comments_source_idx').on(t.source),
    uniqueIndex('comments_pinned_idx')
      .on(t.essaySlug)
      .where(sql`pinned_at IS NOT NULL`),
  ],
)

/**
 * Threads (approved top-level comments) per essay, kept by triggers (migration 0005), so the comments
 * API answers its page count without counting every root of a 100,000-comment essay per request.
 */
export const commentThreadCounts = sqliteTable('comment_thread_counts', {
  essaySlug: text('essay_slug').primaryKey(),
  threads: integer('threads').notNull().default(0),
})

/** Comments per essay and status, kept by triggers (migration 0005): the admin's stats read these rows. */
export const commentStatusCounts = sqliteTable(
  'comment_status_counts',
  {
    essaySlug: text('essay_slug').notNull(),
    status: text('status', { enum: COMMENT_STATUSES }).notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.essaySlug, t.status] })],
)

/**
 * Likes, reposts (boosts) and mentions of an essay from elsewhere (the fediverse, Webmention, Bluesky).
 * `source` is the remote id (the activity's id, the Webmention source URL, an at:// URI): one row each,
 * so a repeated delivery updates it and an Undo or a vanished source deletes it.
 */
export const responses = sqliteTable(
  'responses',
  {
    source: text('source').primaryKey(),
    essaySlug: text('essay_slug').notNull(),
    kind: text('kind', { enum: RESPONSE_KINDS }).notNull(),
    origin: text('origin', { enum: COMMENT_ORIGINS }).notNull(),
    authorName: text('author_name'),
    authorUrl: text('author_url'),
    // The response itself (the page that mentions the essay); null when it has no page of its own.
    url: text('url'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('responses_essay_idx').on(t.essaySlug, t.kind, t.createdAt)],
)

/** Share clicks, one row per essay, network and UTC day. */
export const shareClicks = sqliteTable(
  'share_clicks',
  {
    essaySlug: text('essay_slug').notNull(),
    network: text('network').notNull(),
    day: text('day').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.essaySlug, t.network, t.day] })],
)

/**
 * Which readers (keyed IP hash) already counted a click for an essay and network on a UTC day:
 * one click per reader per day, whatever they send. Rows older than two days are pruned as clicks arrive.
 */
export const shareClickReaders = sqliteTable(
  'share_click_readers',
  {
    day: text('day').notNull(),
    essaySlug: text('essay_slug').notNull(),
    network: text('network').notNull(),
    readerHash: text('reader_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.essaySlug, t.network, t.readerHash] })],
)

/** Moderators' browser sessions: the signed cookie names a row, so signing out revokes it server-side. */
export const adminSessions = sqliteTable(
  'admin_sessions',
  {
    id: text('id').primaryKey(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    // Who signed in (the token, or an Access email), shown in the audit log.
    actor: text('actor').notNull(),
  },
  (t) => [index('admin_sessions_expires_idx').on(t.expiresAt)],
)

/** Every moderation action: who, what, which comment, status before and after. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    commentId: text('comment_id'),
    beforeStatus: text('before_status'),
    afterStatus: text('after_status'),
    detail: text('detail'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_comment_idx').on(t.commentId)],
)

/** One-time links (e.g. approve from a notification) that have been spent. */
export const usedTokens = sqliteTable('used_tokens', {
  id: text('id').primaryKey(),
  usedAt: integer('used_at')
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
})

/** Webmention statuses: what the status page tells the sender (src/webmention). */
export const RECEIVED_STATUSES = ['queued', 'accepted', 'removed', 'rejected', 'failed'] as const
export type ReceivedStatus = (typeof RECEIVED_STATUSES)[number]
export const MENTION_KINDS = ['reply', 'like', 'repost', 'mention'] as const
export type MentionKind = (typeof MENTION_KINDS)[number]
export const SENT_STATUSES = ['queued', 'sent', 'no-endpoint', 'failed'] as const
export type SentStatus = (typeof SENT_STATUSES)[number]

/** Every Webmention received, one row per (source, target); `id` names its status page. */
export const webmentionsReceived = sqliteTable(
  'webmentions_received',
  {
    id: text('id').primaryKey(),
    source: text('source').notNull(),
    target: text('target').notNull(),
    essaySlug: text('essay_slug').notNull(),
    status: text('status', { enum: RECEIVED_STATUSES }).notNull().default('queued'),
    kind: text('kind', { enum: MENTION_KINDS }),
    detail: text('detail'),
    receivedAt: integer('received_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    verifiedAt: integer('verified_at'),
  },
  (t) => [
    uniqueIndex('webmentions_received_pair_idx').on(t.source, t.target),
    index('webmentions_received_at_idx').on(t.receivedAt),
  ],
)

/** Every essay link a Webmention was (or will be) sent for; `removed`: the link left the essay. */
export const webmentionsSent = sqliteTable(
  'webmentions_sent',
  {
    essaySlug: text('essay_slug').notNull(),
    target: text('target').notNull(),
    essayUpdated: text('essay_updated').notNull(),
    removed: integer('removed').notNull().default(0),
    status: text('status', { enum: SENT_STATUSES }).notNull().default('queued'),
    endpoint: text('endpoint'),
    httpStatus: integer('http_status'),
    detail: text('detail'),
    attempts: integer('attempts').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.essaySlug, t.target] }),
    index('webmentions_sent_updated_idx').on(t.updatedAt),
  ],
)

/** One row per essay with a Bluesky post: the resolved at:// URI, when it was read, its counts. */
export const blueskyThreads = sqliteTable('bluesky_threads', {
  essaySlug: text('essay_slug').primaryKey(),
  post: text('post').notNull(),
  postUri: text('post_uri'),
  polledAt: integer('polled_at').notNull().default(0),
  status: text('status', { enum: ['ok', 'not-found', 'blocked', 'failed'] })
    .notNull()
    .default('ok'),
  detail: text('detail'),
  likeCount: integer('like_count').notNull().default(0),
  repostCount: integer('repost_count').notNull().default(0),
  replyCount: integer('reply_count').notNull().default(0),
})

/** Bluesky replies brought in as comments (comments.source = uri), with their own counts. */
export const blueskyPosts = sqliteTable(
  'bluesky_posts',
  {
    uri: text('uri').primaryKey(),
    essaySlug: text('essay_slug').notNull(),
    likeCount: integer('like_count').notNull().default(0),
    repostCount: integer('repost_count').notNull().default(0),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [index('bluesky_posts_essay_idx').on(t.essaySlug)],
)

/** Small named facts background tasks keep between runs. */
export const openWebState = sqliteTable('open_web_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** Fediverse (migration 0007, src/fediverse): who follows the blog; deliveries go to shared_inbox ?? inbox. */
export const fediverseFollowers = sqliteTable('fediverse_followers', {
  actorId: text('actor_id').primaryKey(),
  inbox: text('inbox').notNull(),
  sharedInbox: text('shared_inbox'),
  followId: text('follow_id').notNull(),
  // Permanent refusals (410, other 4xx) in a row; past the threshold the follower is dropped.
  failures: integer('failures').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** Remote actors and their signing keys, cached until expiresAt (refetched once on a failed signature). */
export const fediverseActors = sqliteTable(
  'fediverse_actors',
  {
    keyId: text('key_id').primaryKey(),
    actorId: text('actor_id').notNull(),
    publicKeyPem: text('public_key_pem').notNull(),
    inbox: text('inbox'),
    sharedInbox: text('shared_inbox'),
    name: text('name'),
    username: text('username'),
    url: text('url'),
    fetchedAt: integer('fetched_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('fediverse_actors_actor_idx').on(t.actorId)],
)

/** What followers were told about each essay; `version` is the essay's `updated` at the time. */
export const fediverseAnnounced = sqliteTable('fediverse_announced', {
  slug: text('slug').primaryKey(),
  objectId: text('object_id').notNull(),
  version: text('version').notNull(),
  announcedAt: integer('announced_at').notNull(),
  deletedAt: integer('deleted_at'),
})

/** One row per (activity, inbox): a redelivered queue message never posts twice. */
export const fediverseDeliveries = sqliteTable(
  'fediverse_deliveries',
  {
    activityId: text('activity_id').notNull(),
    inbox: text('inbox').notNull(),
    state: text('state', { enum: ['queued', 'delivered', 'retrying', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.inbox] }),
    index('fediverse_deliveries_state_idx').on(t.state, t.updatedAt),
  ],
)

/** Blocked accounts (an actor id) and instances (a host name). */
export const fediverseBlocks = sqliteTable('fediverse_blocks', {
  target: text('target').primaryKey(),
  kind: text('kind', { enum: ['account', 'instance'] }).notNull(),
  createdAt: integer('created_at').notNull(),
})

/** Signatures already accepted, until their Date leaves the window: a replay is refused. */
export const fediverseSeenSignatures = sqliteTable(
  'fediverse_seen_signatures',
  {
    hash: text('hash').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('fediverse_seen_expires_idx').on(t.expiresAt)],
)

export type Comment = typeof comments.$inferSelect
export type NewComment = typeof comments.$inferInsert

/** Mail subscriptions (migration 0006): an address and what it follows; confirmedAt null until the link is used. */
export const MAIL_SUBSCRIPTION_KINDS = ['replies', 'essay'] as const
export type MailSubscriptionKind = (typeof MAIL_SUBSCRIPTION_KINDS)[number]
export const mailSubscriptions = sqliteTable(
  'mail_subscriptions',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    kind: text('kind', { enum: MAIL_SUBSCRIPTION_KINDS }).notNull(),
    /** '' for 'replies'. */
    essaySlug: text('essay_slug').notNull().default(''),
    createdAt: integer('created_at').notNull(),
    confirmedAt: integer('confirmed_at'),
    lastSentAt: integer('last_sent_at'),
  },
  (t) => [
    uniqueIndex('mail_subscriptions_target_idx').on(t.email, t.kind, t.essaySlug),
    index('mail_subscriptions_essay_idx').on(t.kind, t.essaySlug, t.confirmedAt),
    index('mail_subscriptions_created_idx').on(t.confirmedAt, t.createdAt),
  ],
)

/** Comments whose author asked to be told about replies. */
export const mailWatches = sqliteTable(
  'mail_watches',
  {
    commentId: text('comment_id').primaryKey(),
    email: text('email').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('mail_watches_email_idx').on(t.email)],
)

/** What was mailed to whom: one row per (subscription, comment), the idempotency record. */
export const mailSent = sqliteTable(
  'mail_sent',
  {
    subscriptionId: text('subscription_id').notNull(),
    commentId: text('comment_id').notNull(),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.commentId] })],
)

export const OUTBOX_STATUSES = ['queued', 'sent', 'failed', 'dead'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]
/** Every rendered message; bodyText only on a developer's machine. */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').notNull(),
    toEmail: text('to_email').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    providerId: text('provider_id'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_idx').on(t.dedupeKey),
    index('mail_outbox_created_idx').on(t.createdAt),
  ],
)

/** Queue messages that failed every retry. */
export const mailDeadLetters = sqliteTable(
  'mail_dead_letters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    queue: text('queue').notNull(),
    body: text('body').notNull(),
    attempts: integer('attempts').notNull(),
    error: text('error'),
    at: integer('at').notNull(),
  },
  (t) => [index('mail_dead_letters_at_idx').on(t.at)],
)

/** Confirmation requests, for the per-address and per-IP daily limit. */
export const mailRequests = sqliteTable(
  'mail_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    ipHash: text('ip_hash'),
    at: integer('at').notNull(),
  },
  (t) => [
    index('mail_requests_email_idx').on(t.email, t.at),
    index('mail_requests_ip_idx').on(t.ipHash, t.at),
  ],
)
