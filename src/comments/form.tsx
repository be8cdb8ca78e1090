import { commentAnchor, essayPath } from '../lib/urls'
import { t, translated } from '../views/i18n'
import { CommentHtml } from './body'
import type { PublicComment } from './store'
import type { Field, FieldErrors } from './validate'

/** The comment form: plain HTML that works with JavaScript off; every typed value comes back on an error. */

export interface FormValues {
  name: string
  email: string
  website: string
  body: string
  parentId: string
  remember: boolean
  /** "Email me when someone replies". */
  notifyReplies: boolean
}

export const EMPTY_VALUES: FormValues = {
  name: '',
  email: '',
  website: '',
  body: '',
  parentId: '',
  remember: false,
  notifyReplies: false,
}

export interface FormState {
  slug: string
  token: string
  values: FormValues
  errors?: FieldErrors
  /** A message about the whole form (token, honeypot, flood, storage). */
  formError?: string
  replyTarget: PublicComment | null
  /** ?cpage the reader is on, so "cancel reply" stays there. */
  page?: number
  turnstileSiteKey?: string | null
  /** Mail is on: offer "Email me when someone replies" (hidden otherwise). */
  replyMail?: boolean
  /** A preview was asked for: this (validated) body is shown rendered above the form. */
  previewBody?: string
  /** A signed-in moderator: the reply is posted as the site's author (this name). */
  moderatorAs?: string
}

const INPUT_IDS: Record<Field, string> = {
  name: 'comment-name',
  email: 'comment-email',
  website: 'comment-website',
  body: 'comment-body',
  parentId: 'comment-parent',
}

function FieldError(props: { field: Field; errors?: FieldErrors }) {
  const message = props.errors?.[props.field]
  return message ? (
    <span class="error" id={`${INPUT_IDS[props.field]}-error`}>
      {translated(message)}
    </span>
  ) : null
}

function invalid(field: Field, errors?: FieldErrors) {
  return errors?.[field]
    ? { 'aria-invalid': 'true', 'aria-describedby': `${INPUT_IDS[field]}-error` }
    : {}
}

export const HONEYPOT_FIELD = 'homepage'
export const TURNSTILE_FIELD = 'cf-turnstile-response'

export function CommentForm(props: FormState) {
  const { values, errors, slug } = props
  const m = t()
  const messages = [
    props.formError,
    ...Object.entries(errors ?? {}).map(([, message]) => message),
  ].filter(Boolean)
  const target = props.replyTarget
  // The action's #respond survives the POST: an error page opens at the form and its summary, even without JavaScript.
  return (
    <>
      {props.previewBody !== undefined && (
        <section class="comment-preview" aria-labelledby="comment-preview-title">
          <h3 id="comment-preview-title">{m.previewTitle}</h3>
          <p class="note">{m.previewNote}</p>
          <div class="comment-body e-content">
            <CommentHtml comment={{ body: props.previewBody }} />
          </div>
        </section>
      )}
      <form
        class="comment"
        method="post"
        action={`${essayPath(slug)}/comments#respond`}
        novalidate={messages.length > 0}
      >
        {messages.length > 0 && (
          <div class="notice error-summary" role="alert" id="comment-errors" tabindex={-1}>
            <h3>{m.notPosted}</h3>
            <ul>
              {props.formError && <li>{translated(props.formError)}</li>}
              {Object.entries(errors ?? {}).map(([field, message]) => (
                <li>
                  <a href={`#${INPUT_IDS[field as Field]}`}>{translated(message)}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {target && (
          <p class="replying">
            {m.replyingTo} <a href={`#${commentAnchor(target.id)}`}>{target.authorName}</a>.{' '}
            <a href={essayPath(slug, { cpage: props.page, hash: 'respond' })}>{m.cancelReply}</a>
          </p>
        )}
        {(target || values.parentId) && (
          <input
            type="hidden"
            name="parent_id"
            id={INPUT_IDS.parentId}
            value={target?.id ?? values.parentId}
          />
        )}
        <FieldError field="parentId" errors={errors} />
        <input type="hidden" name="token" value={props.token} />
        <p class="field">
          <label for={INPUT_IDS.body}>
            {m.fieldComment} <span aria-hidden="true">*</span>
          </label>
          {/* A textarea drops one leading newline when parsed: the extra one keeps the value exact. */}
          <textarea id={INPUT_IDS.body} name="body" rows={8} required {...invalid('body', errors)}>
            {'\n' + values.body}
          </textarea>
          <FieldError field="body" errors={errors} />
          <small class="hint" id="comment-body-hint">
            {m.formattingHelp}
          </small>
        </p>
        <p class="field">
          <label for={INPUT_IDS.name}>
            {m.fieldName} <span aria-hidden="true">*</span>
          </label>
          <input
            id={INPUT_IDS.name}
            name="name"
            type="text"
            autocomplete="name"
            required
            value={values.name}
            {...invalid('name', errors)}
          />
          <FieldError field="name" errors={errors} />
        </p>
        <p class="field">
          <label for={INPUT_IDS.email}>
            {m.fieldEmail} <span aria-hidden="true">*</span>
          </label>
          <input
            id={INPUT_IDS.email}
            name="email"
            type="email"
            autocomplete="email"
            required
            value={values.email}
            {...invalid('email', errors)}
          />
          <FieldError field="email" errors={errors} />
        </p>
        <p class="field">
          <label for={INPUT_IDS.website}>{m.fieldWebsite}</label>
          <input
            id={INPUT_IDS.website}
            name="website"
            type="url"
            autocomplete="url"
            value={values.website}
            {...invalid('website', errors)}
          />
          <FieldError field="website" errors={errors} />
        </p>
        {/* Hidden from people and assistive technology; bots that fill every field give themselves away. */}
        <p class="hp" aria-hidden="true">
          <label for="comment-homepage">{m.honeypotLabel}</label>
          <input
            id="comment-homepage"
            name={HONEYPOT_FIELD}
            type="text"
            tabindex={-1}
            autocomplete="off"
            value=""
          />
        </p>
        <p class="check">
          <input
            id="comment-remember"
            name="remember"
            type="checkbox"
            value="yes"
            checked={values.remember}
          />{' '}
          <label for="comment-remember">{m.rememberMe}</label>
        </p>
        {props.replyMail && (
          <p class="check">
            <input
              id="comment-notify-replies"
              name="notify_replies"
              type="checkbox"
              value="yes"
              checked={values.notifyReplies}
            />{' '}
            <label for="comment-notify-replies">{m.mailReplies}</label>
          </p>
        )}
        {props.turnstileSiteKey && (
          <>
            <div class="cf-turnstile" data-sitekey={props.turnstileSiteKey} />
            <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer />
          </>
        )}
        {props.moderatorAs && (
          <p class="note as-author">{m.replyAsAuthor({ name: props.moderatorAs })}</p>
        )}
        <p class="submit">
          <button type="submit">{m.postComment}</button>{' '}
          {/* The same form, another address: shown rendered above the form, nothing stored. */}
          <button
            type="submit"
            name="preview"
            value="1"
            formaction={`${essayPath(slug)}/comments/preview#respond`}
            formnovalidate
          >
            {m.previewButton}
          </button>
        </p>
      </form>
    </>
  )
}
