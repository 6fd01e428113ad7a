/**
 * Secrets out of log lines and printed text: bot tokens wherever they hide (an error
 * message, a request URL) and the password of a database URL.
 */

/** Bot tokens look like `123456:AA…`; never let one reach a log line. */
export function redact(text: string): string {
  return text.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '<bot-token>');
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; other text unchanged. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
