/**
 * Dashboard sessions (issue 13), stored server-side in the economy's database
 * (`economy.adapterState`), so they survive a restart, every instance behind one address
 * sees them, and logging out ends them for good. The browser holds only a random 256-bit id
 * in an HttpOnly, SameSite=Strict cookie; the database holds its SHA-256, so a copy of the
 * database opens no session. Each session carries its own CSRF token.
 *
 * A session lasts SESSION_TTL_MS from login (no sliding: an admin logs in again each day).
 * Every request asks again whether its admin is still one and, for a session opened with
 * an API token, whether that token is still in force: a demoted admin or a revoked token
 * ends the session at once. Sessions left to expire are swept at each login.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Economy } from '../../core/index.js';

export const SESSION_COOKIE = 'besitos_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const PREFIX = 'dashboard:session:';
const ID = /^[A-Za-z0-9_-]{43}$/;

export interface Session {
  adminId: number;
  /** The API token the admin logged in with; null for the one-time link. */
  tokenId: number | null;
  /** Sent back in every form (`_csrf`). */
  csrf: string;
  createdAt: number;
  expiresAt: number;
}

const keyOf = (id: string) => PREFIX + createHash('sha256').update(id).digest('hex');

/**
 * Behind https (directly, or a proxy that says so) the cookie is Secure. A client that
 * lies about X-Forwarded-Proto only gets a cookie its own plain-http browser will not send.
 */
export function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

export class SessionStore {
  readonly #economy: Economy;

  constructor(economy: Economy) {
    this.#economy = economy;
  }

  /** Opens a session for an admin and sets its cookie. */
  async open(c: Context, input: { adminId: number; tokenId: number | null }): Promise<Session> {
    const now = this.#economy.clock.now();
    await this.#economy.adapterState.sweep(PREFIX, now - SESSION_TTL_MS);
    const id = randomBytes(32).toString('base64url');
    const session: Session = { ...input, csrf: randomBytes(32).toString('base64url'), createdAt: now, expiresAt: now + SESSION_TTL_MS };
    await this.#economy.adapterState.write(keyOf(id), session);
    setCookie(c, SESSION_COOKIE, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return session;
  }

  /** The request's session, or null: no cookie, unknown, expired, no longer an admin, token revoked. */
  async read(c: Context): Promise<Session | null> {
    const id = getCookie(c, SESSION_COOKIE);
    if (id === undefined || !ID.test(id)) return null;
    const key = keyOf(id);
    const session = await this.#economy.adapterState.read<Session>(key);
    if (!session) return null;
    if (session.expiresAt <= this.#economy.clock.now()) {
      await this.#economy.adapterState.delete(key);
      return null;
    }
    if (!(await this.#economy.admins.isAdmin(session.adminId))) return null;
    if (session.tokenId !== null && !(await this.#tokenInForce(session.tokenId))) return null;
    return session;
  }

  /** Ends the request's session (logout) and clears its cookie. */
  async close(c: Context): Promise<void> {
    const id = getCookie(c, SESSION_COOKIE);
    if (id !== undefined && ID.test(id)) await this.#economy.adapterState.delete(keyOf(id));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
  }

  async #tokenInForce(tokenId: number): Promise<boolean> {
    return (await this.#economy.apiTokens.list()).some((token) => token.id === tokenId);
  }
}

/** Compares a form's CSRF token with the session's in constant time. */
export function sameCsrf(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
