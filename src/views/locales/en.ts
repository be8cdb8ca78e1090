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
}

export type Messages = typeof en
