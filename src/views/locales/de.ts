import type { Messages } from './en'

/** Die Oberfläche auf Deutsch. */
export const de: Messages = {
  skipToContent: 'Zum Inhalt springen',
  navSite: 'Website',
  navEssays: 'Essays',
  navTags: 'Schlagwörter',
  navArchive: 'Archiv',
  navFeed: 'Feed',
  navFeeds: 'Feeds',
  searchLabel: 'Suche',
  searchGo: 'Los',

  draft: 'Entwurf',
  updated: 'aktualisiert',
  minRead: (v) => `${v.minutes} Min. Lesezeit`,
  words: (v) => `${v.count} Wörter`,
  tagsLabel: 'Schlagwörter',
  submitComment: 'Einen Kommentar schreiben',
  requiredNote: 'Deine E-Mail-Adresse wird nicht veröffentlicht. Pflichtfelder sind mit * markiert',
  shareThis: 'Teilen',
  noEssays: 'Noch keine Essays.',
  essaysHeading: 'Essays',
  pageSuffix: (v) => `, Seite ${v.page}`,
  taggedHeading: (v) => `Essays mit dem Schlagwort „${v.tag}“`,
  taggedDescription: (v) =>
    `${v.countText} ${v.count === 1 ? 'Essay' : 'Essays'} mit dem Schlagwort „${v.tag}“ auf ${v.site}.`,
  rssFeed: 'RSS-Feed',
  atomFeed: 'Atom-Feed',
  allTags: 'Alle Schlagwörter',
  pagesLabel: 'Seiten',
  newerEssays: '← Neuere Essays',
  olderEssays: 'Ältere Essays →',
  pageOf: (v) => `Seite ${v.page} von ${v.pages}`,
  archiveTitle: 'Archiv',
  archiveDescription: (v) => `Alle Essays auf ${v.site}, nach Jahr und Monat.`,
  tagsTitle: 'Schlagwörter',
  tagsDescription: (v) => `Alle Schlagwörter auf ${v.site}, mit der Zahl ihrer Essays.`,
  essayCount: (v) => `${v.countText} ${v.count === 1 ? 'Essay' : 'Essays'}`,
  noTags: 'Noch keine Schlagwörter.',
  tagFeedDescription: (v) => `Essays mit dem Schlagwort „${v.tag}“ auf ${v.site}.`,

  error400: 'Ungültige Anfrage',
  error403: 'Zugriff verweigert',
  error404: 'Seite nicht gefunden',
  error405: 'Methode nicht erlaubt',
  error413: 'Zu groß',
  error415: 'Nicht unterstützter Inhaltstyp',
  error429: 'Zu viele Anfragen',
  error500: 'Etwas ist schiefgelaufen',
  error503: 'Nicht verfügbar',
  errorOther: 'Anfrage nicht angenommen',
  backToEssays: 'Zurück zu den Essays',
  nothingHere: 'Unter dieser Adresse gibt es nichts.',
  noSuchEssay: 'Unter dieser Adresse gibt es keinen Essay.',
  requestNotAccepted: 'Anfrage nicht angenommen.',
  requestRefused: 'Die Anfrage wurde nicht angenommen.',

  notPosted: 'Dein Kommentar wurde nicht veröffentlicht',
  replyingTo: 'Antwort an',
  cancelReply: 'Antwort abbrechen',
  fieldComment: 'Kommentar',
  fieldName: 'Name',
  fieldEmail: 'E-Mail',
  fieldWebsite: 'Website',
  fieldReplyTarget: 'Antwortziel',
  honeypotLabel: 'Dieses Feld leer lassen',
  rememberMe:
    'Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser für den nächsten Kommentar speichern.',
  postComment: 'Kommentar abschicken',

  commentsTitle: 'Kommentare',
  commentBy: (v) => `Kommentar von ${v.name}`,
  replyTo: (v) => `${v.name} antworten`,
  reply: 'Antworten',
  awaitingModeration: 'Dein Kommentar wartet auf Freigabe.',
  commentPages: 'Kommentarseiten',
  olderComments: '← Ältere Kommentare',
  newerComments: 'Neuere Kommentare →',
  noComments: 'Noch keine Kommentare.',
  followComments: 'Den Kommentaren folgen (RSS)',

  notUtf8:
    'Die Anfrage ist kein gültiger UTF-8-Text, daher wurde der Kommentar nicht veröffentlicht.',
  notAccepted: 'Der Kommentar wurde nicht angenommen.',
  postAsForm:
    'Kommentare werden als Formular gesendet (application/x-www-form-urlencoded oder multipart/form-data).',
  formUnreadable: 'Die Formulardaten konnten nicht gelesen werden.',
  formExpired:
    'Dieses Formular ist abgelaufen oder konnte nicht geprüft werden, daher wurde der Kommentar nicht veröffentlicht. Dein Text ist noch da: bitte sende ihn noch einmal.',
  tooFast:
    'Das ging schnell: Der Kommentar wurde Sekunden nach dem Laden der Seite gesendet, so wie es Spam-Bots tun. Bitte prüfe ihn und sende ihn noch einmal.',
  looksAutomated:
    'Dein Kommentar wirkt automatisiert und wurde nicht veröffentlicht. Wenn du ein Mensch bist, lass das Feld „Dieses Feld leer lassen“ leer und sende noch einmal.',
  fieldTwice: (v) => `Das Feld „${v.name}“ wurde mehrfach gesendet; sende es nur einmal.`,
  tokenTwice:
    'Das Formular-Token wurde mehrfach gesendet, daher wurde der Kommentar nicht veröffentlicht. Bitte sende ihn noch einmal.',
  rateLimited: (v) =>
    `Aus deinem Netz kamen in der letzten Minute zu viele Kommentare, daher wurde dieser nicht veröffentlicht. Dein Text ist noch da: bitte warte ${v.seconds} Sekunden und sende ihn noch einmal.`,
  turnstileFailed:
    'Die Spam-Prüfung ist fehlgeschlagen. Bitte schließe sie ab und sende noch einmal.',
  parentMissing: 'Der Kommentar, auf den du antwortest, existiert bei diesem Essay nicht.',
  parentHeld:
    'Der Kommentar, auf den du antwortest, ist noch nicht freigegeben, daher kann noch niemand darauf antworten.',
  tooDeep: (v) =>
    `Diese Diskussion ist bereits ${v.levels} Ebenen tief: antworte bitte auf einen früheren Kommentar.`,
  duplicate: 'Doppelter Kommentar erkannt; es sieht so aus, als hättest du das schon gesagt!',
  flood: 'Du schreibst Kommentare zu schnell hintereinander. Bitte langsamer.',
  formUsed:
    'Mit diesem Formular wurde bereits ein Kommentar gesendet, daher wurde dieser nicht veröffentlicht. Dein Text ist noch da, mit einem neuen Formular: bitte sende ihn noch einmal.',
  storageFailed:
    'Dein Kommentar konnte gerade nicht gespeichert werden und wurde nicht veröffentlicht. Dein Text ist noch da: bitte versuche es gleich noch einmal.',

  mustBeText: (v) => `${v.label} muss Text sein.`,
  controlCharacter: (v) =>
    `${v.label} enthält ein Steuerzeichen, das nicht gespeichert werden kann.`,
  loneSurrogate: (v) => `${v.label} enthält ein ungültiges Zeichen (einzelnes Surrogat).`,
  atMostChars: (v) => `${v.label} darf höchstens ${v.max} Zeichen lang sein (es sind ${v.has}).`,
  atMostBytes: (v) => `${v.label} darf höchstens ${v.max} Bytes groß sein (es sind ${v.has}).`,
  nameRequired: 'Bitte gib einen Namen an.',
  emailRequired: 'Bitte gib eine E-Mail-Adresse an.',
  emailInvalid: 'Die E-Mail-Adresse muss gültig sein, etwa name@example.com.',
  websiteInvalid: 'Die Website muss eine http://- oder https://-Adresse sein.',
  commentRequired: 'Bitte schreibe einen Kommentar.',
  replyTargetInvalid: 'Das Antwortziel ist keine gültige Kommentar-ID.',

  searchTitle: 'Suche',
  searchTitleFor: (v) => `Suche: ${v.q}`,
  searchDescription: 'Die Essays und ihre Kommentare durchsuchen.',
  searchFieldLabel: 'Essays und Kommentare durchsuchen',
  searchButton: 'Suchen',
  nothingFound: (v) => `Nichts gefunden für „${v.q}“.`,
  resultsFor: (v) => `${v.totalText} ${v.total === 1 ? 'Treffer' : 'Treffer'} für „${v.q}“`,
  resultsPage: (v) => `, Seite ${v.page} von ${v.pages}`,
  searchPages: 'Seiten der Suchergebnisse',
  previousResults: 'Vorherige Treffer',
  moreResults: 'Weitere Treffer',
  commentOn: (v) => `Kommentar von ${v.author} zu „${v.title}“`,
  searchEmpty: 'Gib ein oder zwei Wörter ein, nach denen gesucht werden soll.',
  searchNothingSearchable:
    'Darin gibt es nichts zu suchen: gib ein Wort mit Buchstaben oder Ziffern ein.',

  shareOn: (v) => `Auf ${v.network} teilen`,
  shareByEmail: 'Per E-Mail teilen',
  networkEmail: 'E-Mail',
  copyLink: 'Link kopieren',
  shareNative: 'Teilen…',

  // Comments worth writing (issue 13): formatting, preview, edit/delete, sort, counts, author, pinned
  commentCount: (v) => `${v.countText} ${v.count === 1 ? 'Kommentar' : 'Kommentare'}`,
  formattingHelp:
    'Sie können *kursiv*, **fett**, `Code`, ``` Codeblöcke ```, > Zitate, Listen und Links verwenden.',
  previewButton: 'Vorschau',
  previewTitle: 'Vorschau',
  previewNote: 'So wird Ihr Kommentar aussehen. Er ist noch nicht veröffentlicht.',
  sortComments: 'Reihenfolge der Kommentare',
  sortOldest: 'Älteste zuerst',
  sortNewest: 'Neueste zuerst',
  authorBadge: 'Autor',
  authorBadgeLabel: 'Autor dieser Website',
  pinnedBadge: 'Angeheftet',
  pinnedBadgeLabel: 'Vom Autor angeheftet',
  edited: 'bearbeitet',
  editedAt: (v) => `bearbeitet ${v.time}`,
  deletedByAuthor: 'Kommentar von seinem Verfasser gelöscht',
  editComment: 'Bearbeiten',
  deleteComment: 'Löschen',
  editCommentLabel: (v) => `Ihren Kommentar bearbeiten, ${v.name}`,
  deleteCommentLabel: (v) => `Ihren Kommentar löschen, ${v.name}`,
  editTitle: 'Ihren Kommentar bearbeiten',
  editIntro: (v) =>
    `Sie können Ihren Kommentar bis ${v.minutes} Minuten nach dem Absenden ändern oder löschen.`,
  saveEdit: 'Änderungen speichern',
  confirmDelete: 'Diesen Kommentar löschen',
  backToEssay: 'Zurück zum Essay',
  editWindowOver: (v) =>
    `Dieser Kommentar kann nicht mehr geändert werden: Kommentare können bis ${v.minutes} Minuten nach dem Absenden bearbeitet oder gelöscht werden.`,
  editLinkInvalid:
    'Dieser Bearbeitungslink gilt nicht für diesen Kommentar. Nur der Browser, der ihn gesendet hat, kann ihn bearbeiten.',
  editCommentGone: 'Diesen Kommentar gibt es nicht mehr.',
  replyAsAuthor: (v) =>
    `Sie sind als Moderator angemeldet: Diese Antwort erscheint sofort, als ${v.name}, der Autor.`,
}
