/**
 * What `npm start` tells the person at the terminal once the server listens: where the
 * dashboard and the admin API are, whether the bot runs (and how to turn it on when it does not), and, while
 * no admin token exists, a one-time login link with its token inside (as Jupyter does) or,
 * while there is no admin at all, a one-time setup link that makes the first one.
 * The text goes to the terminal only (StartServerOptions.tell); the log says that a link
 * was printed, never the link.
 */
import type { Logger } from 'pino';
import { LOGIN_LINK_TTL_MS, type Economy } from '../core/index.js';
import { SETUP_LINK_TTL_MS, SETUP_PATH, type SetupLink } from '../http/setup-link.js';
import type { ServerConfig } from './server-config.js';

export interface Welcome {
  /** Base URL of the HTTP server as a browser on this machine reaches it. */
  baseUrl: string;
  /** The one-time login link, when one was made. */
  loginUrl: string | null;
  /** The one-time first-admin link, when the economy had no admin. */
  setupUrl: string | null;
  text: string;
}

/** Written as `created_by` of the login links. */
export const LOGIN_LINK_ISSUER = 'start';

export async function welcome(economy: Economy, config: ServerConfig, address: { host: string; port: number }, logger: Logger, setup: SetupLink): Promise<Welcome> {
  const baseUrl = `http://${browsable(address.host)}:${address.port}`;
  const lines: string[] = [];
  if (config.botToken === null) {
    lines.push(
      'besitos is running WITHOUT the Telegram bot: BOT_TOKEN is not set.',
      `  Dashboard: ${baseUrl}/dashboard/`,
      `  Admin API: ${baseUrl}/api/v1  (reference: ${baseUrl}/api/v1/docs)`,
      '  To run the bot too: get a token from @BotFather in Telegram (/newbot), then',
      '    BOT_TOKEN=<the token> ADMIN_IDS=<your Telegram user id> npm start',
      '  (`npx besitos start --help` lists every setting).',
    );
  } else {
    lines.push(`besitos is running with the Telegram bot. Dashboard: ${baseUrl}/dashboard/  Admin API: ${baseUrl}/api/v1  (reference: ${baseUrl}/api/v1/docs)`);
  }

  let loginUrl: string | null = null;
  let setupUrl: string | null = null;
  const admins = await economy.admins.allIds();
  const adminId = admins[0];
  if (adminId === undefined) {
    // A fresh economy: nobody to log in as, so the link makes its first admin.
    const link = setup.issue();
    setupUrl = `${baseUrl}${SETUP_PATH}?token=${link.token}`;
    const minutes = Math.round(SETUP_LINK_TTL_MS / 60_000);
    lines.push(
      '',
      `No admin yet. Open this link once to make yourself the first admin (single use, valid for ${minutes} minutes):`,
      '',
      `    ${setupUrl}`,
      '',
      '(or set ADMIN_IDS to your Telegram user id and start again).',
    );
    logger.info({ expiresAt: new Date(link.expiresAt).toISOString() }, 'one-time setup link printed on the terminal (no admin yet)');
  } else if ((await economy.apiTokens.activeCount()) > 0) {
    lines.push('  Admin tokens: `npx besitos tokens list`; a new one: `npx besitos tokens create --admin <telegram id>`.');
  } else {
    const link = await economy.apiTokens.createLoginToken({ adminId, by: LOGIN_LINK_ISSUER });
    loginUrl = `${baseUrl}/login?token=${link.token}`;
    const minutes = Math.round(LOGIN_LINK_TTL_MS / 60_000);
    lines.push(
      '',
      `No admin token exists yet. Open this link once to log in as admin ${adminId} (single use, valid for ${minutes} minutes):`,
      '',
      `    ${loginUrl}`,
      '',
    );
    logger.info({ adminId, expiresAt: new Date(link.expiresAt).toISOString() }, 'one-time login link printed on the terminal');
  }
  return { baseUrl, loginUrl, setupUrl, text: lines.join('\n') };
}

/** 0.0.0.0 and :: listen everywhere; a browser here reaches them on loopback. IPv6 in brackets. */
function browsable(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
