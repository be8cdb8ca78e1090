/**
 * The interface in English: the reference table. Every other locale is `Messages`, so a missing
 * key (or a message whose values differ) is a type error, and `npm run build` checks it too.
 * Plain strings for fixed text; functions with named values for text that carries them.
 */
export const en = {
  // Layout
  skipToContent: 'Skip to content',
  navSite: 'Site',
  navEssays: 'Essays',
  navTags: 'Tags',
  navArchive: 'Archive',
  navFeed: 'Feed',
  navFeeds: 'Feeds',
  searchLabel: 'Search',
  searchGo: 'Go',

  // Essays and listings
  draft: 'Draft',
  updated: 'updated',
  minRead: (v: { minutes: string }) => `${v.minutes} min read`,
  words: (v: { count: string }) => `${v.count} words`,
  tagsLabel: 'Tags',
  submitComment: 'Submit a Comment',
  requiredNote: 'Your email address will not be published. Required fields are marked *',
  shareThis: 'Share This',
  noEssays: 'No essays yet.',
  essaysHeading: 'Essays',
  pageSuffix: (v: { page: string }) => `, page ${v.page}`,
  taggedHeading: (v: { tag: string }) => `Essays tagged “${v.tag}”`,
  taggedDescription: (v: { count: number; countText: string; tag: string; site: string }) =>
    `${v.countText} ${v.count === 1 ? 'essay' : 'essays'} tagged “${v.tag}” on ${v.site}.`,
  rssFeed: 'RSS feed',
  atomFeed: 'Atom feed',
  allTags: 'All tags',
  pagesLabel: 'Pages',
  newerEssays: '← Newer essays',
  olderEssays: 'Older essays →',
  pageOf: (v: { page: string; pages: string }) => `Page ${v.page} of ${v.pages}`,
  archiveTitle: 'Archive',
  archiveDescription: (v: { site: string }) => `Every essay on ${v.site}, by year and month.`,
  tagsTitle: 'Tags',
  tagsDescription: (v: { site: string }) => `Every tag on ${v.site}, with its number of essays.`,
  essayCount: (v: { count: number; countText: string }) =>
    `${v.countText} ${v.count === 1 ? 'essay' : 'essays'}`,
  noTags: 'No tags yet.',
  tagFeedDescription: (v: { tag: string; site: string }) =>
    `Essays tagged “${v.tag}” on ${v.site}.`,

  // Error pages
  error400: 'Bad request',
  error403: 'Forbidden',
  error404: 'Page not found',
  error405: 'Method not allowed',
  error413: 'Too large',
  error415: 'Unsupported content type',
  error429: 'Too many requests',
  error500: 'Something went wrong',
  error503: 'Unavailable',
  errorOther: 'Request not accepted',
  backToEssays: 'Back to the essays',
  nothingHere: 'There is nothing at this address.',
  noSuchEssay: 'There is no essay at this address.',
  requestNotAccepted: 'Request not accepted.',
  requestRefused: 'The request was not accepted.',

  // The comment form
  notPosted: 'Your comment was not posted',
  replyingTo: 'Replying to',
  cancelReply: 'Cancel reply',
  fieldComment: 'Comment',
  fieldName: 'Name',
  fieldEmail: 'Email',
  fieldWebsite: 'Website',
  fieldReplyTarget: 'Reply target',
  honeypotLabel: 'Leave this field empty',
  rememberMe: 'Save my name, email, and website in this browser for the next time I comment.',
  postComment: 'Post Comment',

  // The thread
  commentsTitle: 'Comments',
  commentBy: (v: { name: string }) => `Comment by ${v.name}`,
  replyTo: (v: { name: string }) => `Reply to ${v.name}`,
  reply: 'Reply',
  awaitingModeration: 'Your comment is awaiting moderation.',
  commentPages: 'Comment pages',
  olderComments: '← Older comments',
  newerComments: 'Newer comments →',
  noComments: 'No comments yet.',
  followComments: 'Follow the comments (RSS)',

  // Why a comment was refused
  notUtf8: 'The request is not valid UTF-8 text, so the comment was not posted.',
  notAccepted: 'The comment was not accepted.',
  postAsForm:
    'Comments are posted as a form (application/x-www-form-urlencoded or multipart/form-data).',
  formUnreadable: 'The form data could not be read.',
  formExpired:
    'This form has expired or could not be verified, so the comment was not posted. Your text is still here: please post it again.',
  tooFast:
    'That was fast: the comment was posted within seconds of the page loading, which is what spam bots do. Please check it and post again.',
  looksAutomated:
    'Your comment looks automated and was not posted. If you are a person, leave the field labelled "Leave this field empty" empty and post again.',
  fieldTwice: (v: { name: string }) =>
    `The field "${v.name}" was sent more than once; send it once.`,
  tokenTwice:
    'The form token was sent more than once, so the comment was not posted. Please post it again.',
  rateLimited: (v: { seconds: string }) =>
    `Too many comments have come from your network in the last minute, so this one was not posted. Your text is still here: please wait ${v.seconds} seconds and post it again.`,
  turnstileFailed: 'The anti-spam check did not pass. Please complete it and post again.',
  parentMissing: 'The comment you are replying to does not exist on this essay.',
  parentHeld:
    'The comment you are replying to has not been approved, so it cannot be replied to yet.',
  tooDeep: (v: { levels: string }) =>
    `This thread is already ${v.levels} levels deep: reply to an earlier comment instead.`,
  duplicate: 'Duplicate comment detected; it looks as though you’ve already said that!',
  flood: 'You are posting comments too quickly. Slow down.',
  formUsed:
    'This form was already used to post a comment, so this one was not posted. Your text is still here, with a fresh form: please post it again.',
  storageFailed:
    'Your comment could not be saved just now, so it was not posted. Your text is still here: please try again in a moment.',

  // Field rules (the label is one of the field* strings above)
  mustBeText: (v: { label: string }) => `${v.label} must be text.`,
  controlCharacter: (v: { label: string }) =>
    `${v.label} contains a control character that cannot be stored.`,
  loneSurrogate: (v: { label: string }) =>
    `${v.label} contains an invalid (lone surrogate) character.`,
  atMostChars: (v: { label: string; max: string; has: string }) =>
    `${v.label} must be at most ${v.max} characters (it has ${v.has}).`,
  atMostBytes: (v: { label: string; max: string; has: string }) =>
    `${v.label} must be at most ${v.max} bytes (it has ${v.has}).`,
  nameRequired: 'Name is required.',
  emailRequired: 'Email is required.',
  emailInvalid: 'Email must be a valid address, like name@example.com.',
  websiteInvalid: 'Website must be an http:// or https:// address.',
  commentRequired: 'Comment is required.',
  replyTargetInvalid: 'Reply target is not a valid comment id.',

  // Search
  searchTitle: 'Search',
  searchTitleFor: (v: { q: string }) => `Search: ${v.q}`,
  searchDescription: 'Search the essays and their comments.',
  searchFieldLabel: 'Search the essays and comments',
  searchButton: 'Search',
  nothingFound: (v: { q: string }) => `Nothing found for “${v.q}”.`,
  resultsFor: (v: { total: number; totalText: string; q: string }) =>
    `${v.totalText} result${v.total === 1 ? '' : 's'} for “${v.q}”`,
  resultsPage: (v: { page: string; pages: string }) => `, page ${v.page} of ${v.pages}`,
  searchPages: 'Search result pages',
  previousResults: 'Previous results',
  moreResults: 'More results',
  commentOn: (v: { author: string; title: string }) => `Comment by ${v.author} on “${v.title}”`,
  searchEmpty: 'Type a word or two to search for.',
  pageNotNumber: 'page must be a page number.',
  pageTooHigh: (v: { max: string }) => `page must be at most ${v.max}.`,
  commentTooLarge:
    'This request is larger than 256 KB, so the comment was not posted. Comments can be at most 65,525 bytes.',
  searchNothingSearchable:
    'There is nothing to search for in that: type a word with letters or digits.',

  // Sharing
  shareOn: (v: { network: string }) => `Share on ${v.network}`,
  shareByEmail: 'Share by email',
  networkEmail: 'Email',
  copyLink: 'Copy link',
  shareNative: 'Share…',
  linkCopied: 'Link copied.',
  linkNotCopied: 'Could not copy the link.',

  // The Mastodon picker (/share/:slug/mastodon)
  mastodonTitle: 'Share on Mastodon',
  mastodonDescription: (v: { title: string }) => `Share “${v.title}” on your Mastodon server.`,
  mastodonSharing: 'Sharing',
  mastodonWhichServer: 'Which server is your Mastodon account on?',
  mastodonServerLabel: 'Your Mastodon server',
  mastodonServerHint:
    'Only the host name, e.g. mastodon.social: you will be taken to that server to write the post.',
  mastodonContinue: 'Continue to my server',
  mastodonCommon: 'Or pick a common server',
  instanceProblem: (v: { problem: string }) => `instance: ${v.problem}`,
  instanceEmpty: 'enter your Mastodon server, e.g. mastodon.social.',
  instanceNotHost:
    "enter only the server's host name, e.g. mastodon.social: no https://, @, :port, /path, spaces, %-codes or non-ASCII letters (use the xn-- form).",
  instanceTooLong: (v: { max: string }) => `a host name has at most ${v.max} characters.`,
  instanceBadLabel: (v: { max: string }) =>
    `each part between dots must be 1-${v.max} letters, digits or hyphens, not starting or ending with a hyphen.`,
  instanceBadIdn: (v: { label: string }) =>
    `"${v.label}" is not a valid internationalised (xn--) name.`,
  instanceNoDot: 'a server name has at least one dot, e.g. mastodon.social.',
  instanceIp: "IP addresses are not accepted: enter the server's host name.",
  instanceLocalhost: 'localhost is not a Mastodon server.',

  // Admin: sign-in
  signInTitle: 'Sign in',
  signInDescription: 'Moderators sign in',
  signInHeading: 'Sign in to moderate',
  adminTokenLabel: 'Admin token',
  adminTokenHelpBefore: 'The',
  adminTokenHelpMiddle: 'secret. Locally,',
  adminTokenHelpAfter: 'put one in',
  signInButton: 'Sign in',
  signInAccessBefore: 'This site signs moderators in through Cloudflare Access: open',
  signInAccessAfter: 'through your Access login.',
  tokenWrong: 'That token is not right.',
  tokenLoginOff: 'Sign-in with a token is not enabled here; use Cloudflare Access.',
  signInFirst: 'Sign in first.',
  signInAccess: 'Sign in through Cloudflare Access.',
  accessInvalid: 'The Cloudflare Access assertion is not valid.',
  secretKeyMissing: 'SECRET_KEY is not configured.',
  adminFormExpired: 'This form has expired. Reload the page and try again.',
  bearerInvalid: 'The bearer token is not valid.',
  bodyTooLarge: 'The request body is too large.',
  sendAsForm: 'Send the form as application/x-www-form-urlencoded.',
  bodyNotUtf8: 'The request body is not valid UTF-8 text, so nothing was changed.',
  noSuchAction: 'There is no such action.',
  chooseBulkAction: 'Choose an action for the selected comments.',
  selectByCheckbox: 'Select the comments by their checkboxes.',
  selectAtLeastOne: 'Select at least one comment first.',

  // Admin: the moderation dashboard
  moderationTitle: 'Moderation',
  moderationDescription: 'Comment moderation',
  filterComments: 'Filter comments',
  filterSearch: 'Search',
  filterSearchPlaceholder: 'name, email or text',
  filterEssay: 'Essay',
  allEssays: 'All essays',
  filterStatus: 'Status',
  statusAll: 'All',
  filterButton: 'Filter',
  statusComments: (v: { status: string }) => `${v.status} comments`,
  allComments: 'All comments',
  signedInAs: (v: { actor: string }) => `Signed in as ${v.actor}.`,
  signOut: 'Sign out',
  signOutEverywhere: 'Sign out everywhere',
  signOutEverywhereTitle:
    'Ends every browser session signed in with the admin token, this one included',
  commentStatusNav: 'Comment status',
  keysLabel: 'Keys:',
  keysNextPrevious: 'next/previous,',
  keysApprove: 'approve,',
  keysSpam: 'spam,',
  keysTrash: 'trash,',
  keysSelect: 'select.',
  nothingInQueue: 'Nothing here.',
  queueEmpty: 'The queue is empty.',
  bulkActions: 'Bulk actions',
  selectAllOnPage: 'Select all on this page',
  withSelected: 'With selected',
  applyButton: 'Apply',
  adminOlderComments: 'Older comments →',
  statusPending: 'Pending',
  statusApproved: 'Approved',
  statusSpam: 'Spam',
  statusTrash: 'Trash',
  actionApprove: 'Approve',
  actionSpam: 'Spam',
  actionTrash: 'Trash',
  actionRestore: 'Restore',
  actionDelete: 'Delete forever',

  // Admin: one comment in the queue
  selectCommentBy: (v: { name: string }) => `Select the comment by ${v.name}`,
  commentOnEssay: 'on',
  metaEmail: 'Email',
  metaFediverse: 'Fediverse',
  metaWebsite: 'Website',
  metaTime: 'Time',
  metaIpHash: 'IP hash',
  metaBrowser: 'Browser',
  inReplyTo: 'In reply to',
  parentGone: 'a comment that no longer exists',
  signalsLabel: 'Signals:',
  signalLinks: (v: { count: number; countText: string }) =>
    `${v.countText} link${v.count === 1 ? '' : 's'}`,
  signalWords: (v: { list: string }) => `words: ${v.list}`,
  signalBlocked: (v: { list: string }) => `blocked: ${v.list}`,
  signalFlood: 'flood',
  signalPolicy: (v: { policy: string }) => `held by policy (${v.policy})`,

  // Admin: the audit panel
  auditHeading: 'Audit log',
  auditNone: 'No moderation yet.',
  auditCaption: 'Latest moderation actions, newest first',
  auditWhen: 'When',
  auditWho: 'Who',
  auditWhat: 'What',
  auditComment: 'Comment',
  auditStatus: 'Status',
  auditDeleted: 'deleted',
  // The log's action and status codes (approve, edit, pending...): English shows the code itself.
  auditAction: (v: { action: string }) => v.action,
  auditStatusName: (v: { status: string }) => v.status,
  auditFullLog: 'The full log:',

  // Admin: one-click moderation links (/moderate/<token>)
  oneClickApprove: 'Approve',
  oneClickSpam: 'Mark as spam',
  oneClickApproved: 'approved',
  oneClickSpammed: 'marked as spam',
  oneClickConfirm: (v: { action: string }) => `${v.action} this comment?`,
  oneClickBy: 'By',
  oneClickOn: 'on',
  oneClickNow: 'now',
  oneClickDone: (v: { done: string }) => `Comment ${v.done}`,
  oneClickNothing: 'Nothing to change',
  oneClickChanged: (v: { name: string; done: string }) =>
    `The comment by ${v.name} is now ${v.done}.`,
  oneClickUnchanged: (v: { name: string; status: string }) =>
    `The comment by ${v.name} is ${v.status}; this link could not change it.`,
  openQueue: 'Open the moderation queue',
  linkInvalid:
    'This moderation link is not valid or has expired. Sign in to the admin to moderate.',
  linkUsed: "This link has already been used. Each notification's links work once.",
  commentGone: 'That comment no longer exists.',
  crossSite: 'Cross-site request refused.',
  becamePending: 'put back in the queue',
  becameApproved: 'approved',
  becameSpam: 'marked as spam',
  becameTrash: 'moved to the trash',
  noLongerKnown: (v: { became: string; actor: string; at: string }) =>
    `This comment was ${v.became} by ${v.actor} at ${v.at}, after this link was sent; nothing was changed.`,
  noLongerSince: (v: { became: string }) =>
    `This comment has been ${v.became} since this link was sent; nothing was changed.`,

  // Responses from other sites (src/responses, src/webmention)
  responsesTitle: 'Responses',
  responsesCount: (v: { count: number; countText: string }) =>
    `${v.countText} ${v.count === 1 ? 'response' : 'responses'}`,
  respondedLike: 'liked this',
  respondedRepost: 'reposted this',
  respondedMention: 'mentioned this',
  onBluesky: (v: { likes: string; reposts: string }) =>
    `On Bluesky: ${v.likes} likes, ${v.reposts} reposts`,
  webmentionStatusTitle: 'Webmention status',
  webmentionSource: 'Source',
  webmentionTarget: 'Target',
  webmentionKind: 'Kind',
  webmentionQueued: 'Received; it will be checked shortly.',
  webmentionAccepted: 'Checked: the source links to this essay.',
  webmentionRemoved: 'Removed: the source is gone or no longer links to this essay.',
  webmentionRejected: 'Not accepted.',
  webmentionFailed: 'The source could not be fetched; it was not accepted.',
  webmentionsTitle: 'Webmentions',
  webmentionsReceived: 'Received',
  webmentionsSent: 'Sent',
  blueskyThreads: 'Bluesky threads',
  webmentionNone: 'None yet.',
  // Mail (src/mail): the forms, the pages their links open, and the messages themselves.
  mailReplies: 'Email me when someone replies',
  mailSubscribeHeading: 'Email me new comments on this essay',
  mailSubscribeField: 'Your email',
  mailSubscribeButton: 'Subscribe',
  mailSubscribeNote: (v: { minutes: string }) =>
    `A link to confirm comes first. At most one email every ${v.minutes} minutes, each with a one-click unsubscribe link.`,
  mailCheckInboxTitle: 'Check your inbox',
  mailCheckInbox:
    'If that address can receive mail, a message with a confirmation link is on its way. Nothing else is sent to it until the link is used; the link works for 7 days.',
  mailBackToEssay: 'Back to the essay',
  mailNotSubscribed: 'Not subscribed',
  mailAddressEmpty: 'Email is required.',
  mailAddressTooLong: 'Email is too long for a mail address.',
  mailAddressLineBreak: 'Email must be one line, without control characters.',
  mailAddressDisplayName: 'Email must be the address alone, without a name or angle brackets.',
  mailAddressComment: 'Email must be the address alone, without a comment in parentheses.',
  mailAddressQuoted: 'Email must be a plain address, without quotes or backslashes.',
  mailAddressTrailingDot: 'Email must not end with a dot.',
  mailAddressInvalid: 'Email must be a valid address, like name@example.com.',
  mailWhatReplies: 'replies to your comments',
  mailWhatEssay: (v: { title: string }) => `new comments on “${v.title}”`,
  mailConfirmTitle: 'Confirm your subscription',
  mailConfirmAsk: (v: { what: string }) => `Send email to this address about ${v.what}?`,
  mailConfirmButton: 'Confirm',
  mailConfirmedTitle: 'Subscription confirmed',
  mailConfirmed: (v: { what: string }) =>
    `You will get email about ${v.what}. Every message has a link to stop it.`,
  mailLinkInvalidTitle: 'This link does not work',
  mailLinkInvalid: 'This link is not valid. Use the link in your most recent email.',
  mailLinkExpired:
    'This confirmation link has expired (links work for 7 days). Ask again from the essay page.',
  mailSubscriptionGone: 'This subscription no longer exists, so nothing will be sent.',
  mailUnsubscribeTitle: 'Unsubscribe',
  mailUnsubscribeAsk: (v: { what: string }) =>
    `Stop email about ${v.what}, or all email from this blog?`,
  mailUnsubscribeThis: 'Stop this',
  mailUnsubscribeAll: 'Stop all email from this blog',
  mailUnsubscribedTitle: 'Unsubscribed',
  mailUnsubscribed: 'No more email of this kind will be sent to this address.',
  mailUnsubscribedAll: 'No more email from this blog will be sent to this address.',
  mailConfirmSubject: (v: { what: string }) => `Confirm: email about ${v.what}`,
  mailConfirmBody: (v: { what: string }) =>
    `Someone, hopefully you, asked for email about ${v.what}. To confirm, open this link (it works for 7 days):`,
  mailIgnore: 'If it was not you, ignore this message: nothing more will be sent.',
  mailReplySubject: (v: { name: string; title: string }) =>
    `${v.name} replied to your comment on “${v.title}”`,
  mailReplyBody: (v: { name: string }) => `${v.name} replied to your comment:`,
  mailReadReply: 'Read the reply',
  mailDigestSubject: (v: { title: string }) => `New comments on “${v.title}”`,
  mailDigestBody: (v: { title: string }) => `New comments on “${v.title}” since the last email:`,
  mailDigestBy: (v: { name: string }) => `${v.name} wrote:`,
  mailHeldSubject: (v: { title: string }) => `Comment held for moderation on “${v.title}”`,
  mailHeldBody: (v: { name: string }) => `${v.name} wrote (held, not visible yet):`,
  mailApprove: 'Approve',
  mailSpam: 'Mark as spam',
  mailWhy: (v: { site: string }) => `You get this because this address asked for it on ${v.site}.`,
  mailUnsubscribeLink: 'Unsubscribe',

  // Comments worth writing (issue 13): formatting, preview, edit/delete, sort, counts, author, pinned
  commentCount: (v: { count: number; countText: string }) =>
    `${v.countText} comment${v.count === 1 ? '' : 's'}`,
  formattingHelp:
    'You can use *italics*, **bold**, `code`, ``` fenced code ```, > quotes, lists and links.',
  previewButton: 'Preview',
  previewTitle: 'Preview',
  previewNote: 'This is how your comment will look. It is not posted yet.',
  sortComments: 'Order of comments',
  sortOldest: 'Oldest first',
  sortNewest: 'Newest first',
  authorBadge: 'Author',
  authorBadgeLabel: 'Author of this site',
  pinnedBadge: 'Pinned',
  pinnedBadgeLabel: 'Pinned by the author',
  edited: 'edited',
  editedAt: (v: { time: string }) => `edited ${v.time}`,
  deletedByAuthor: 'Comment deleted by its author',
  editComment: 'Edit',
  deleteComment: 'Delete',
  editCommentLabel: (v: { name: string }) => `Edit your comment, ${v.name}`,
  deleteCommentLabel: (v: { name: string }) => `Delete your comment, ${v.name}`,
  editTitle: 'Edit your comment',
  editIntro: (v: { minutes: string }) =>
    `You can change or delete your comment for ${v.minutes} minutes after posting it.`,
  saveEdit: 'Save changes',
  confirmDelete: 'Delete this comment',
  backToEssay: 'Back to the essay',
  editWindowOver: (v: { minutes: string }) =>
    `This comment can no longer be changed: comments can be edited or deleted for ${v.minutes} minutes after posting.`,
  editLinkInvalid:
    'This edit link is not valid for this comment. Only the browser that posted it can edit it.',
  editCommentGone: 'This comment no longer exists.',
  replyAsAuthor: (v: { name: string }) =>
    `You are signed in as a moderator: this reply is posted as ${v.name}, the author, and published at once.`,
  viaOrigin: (v: { where: string }) => `via ${v.where}`,

  // The moderation desk and the author's stats page (issue 13, admin side)
  deskShowFull: '(show the full comment, details and reply)',
  deskReplyLabel: 'Reply as the author (published at once)',
  deskReplyApproves: 'Reply as the author (approves this comment and publishes the reply at once)',
  deskReplyButton: 'Publish reply',
  deskPin: 'Pin',
  deskUnpin: 'Unpin',
  keysOpen: 'open,',
  statsNav: 'Stats',
  statsTitle: 'Stats',
  statsDescription: 'Comments, responses and shares over the last 90 days',
  statsIntro: (v: { from: string; to: string }) =>
    `The last 90 days, ${v.from} to ${v.to} (UTC days). Published comments only.`,
  statsCommentsHeading: 'Comments per day, by source',
  statsResponsesHeading: 'Responses per day (likes, reposts, mentions), by source',
  statsSharesHeading: 'Share clicks by network',
  statsEssaysHeading: 'Most discussed essays',
  statsDayChartDesc: (v: { total: string; days: string; busiest: string; parts: string }) =>
    `${v.total} in ${v.days} days; the busiest day ${v.busiest}. By source: ${v.parts}.`,
  statsShowTable: 'Show the numbers as a table',
  statsDay: 'Day',
  statsTotal: 'Total',
  statsNetwork: 'Network',
  statsClicks: 'Clicks',
  statsEssay: 'Essay',
  statsComments: 'Comments',
  statsNothing: 'Nothing in these 90 days.',
  sourceForm: 'Comment form',
  sourceImport: 'Imported',
  sourceEmail: 'Email',
  sourceFediverse: 'Fediverse',
  sourceWebmention: 'Webmention',
  sourceBluesky: 'Bluesky',
  likesAndBoosts: (v: { likes: number; likesText: string; boosts: number; boostsText: string }) =>
    `${v.boostsText} ${v.boosts === 1 ? 'boost' : 'boosts'} · ${v.likesText} ${v.likes === 1 ? 'like' : 'likes'}`,
}

export type Messages = typeof en
