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
  searchNothingSearchable:
    'There is nothing to search for in that: type a word with letters or digits.',

  // Sharing
  shareOn: (v: { network: string }) => `Share on ${v.network}`,
  shareByEmail: 'Share by email',
  networkEmail: 'Email',
  copyLink: 'Copy link',
  shareNative: 'Share…',
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
}

export type Messages = typeof en
