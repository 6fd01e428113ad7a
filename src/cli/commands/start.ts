/**
 * `besitos start` (`npm start`): runs the server (src/server: economy, Telegram bot, HTTP
 * app, jobs) until SIGINT or SIGTERM, the bot with long polling or, when WEBHOOK_URL is
 * set, a webhook. Configuration comes from environment variables over an optional JSON
 * file (src/server/server-config.ts). Without a token, or with any problem in the
 * configuration, it stops at once with exit code 5 and says what to fix; it never prints
 * the token. Logs are JSON lines (pino) on stdout.
 */
import type { Command } from 'commander';
import { BotConfigError, CONFIG_FIELDS, configSecrets, createLogger, loadServerConfig, startServer } from '../../server/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

export const NO_TOKEN_GUIDE = [
  'besitos start runs the Telegram bot, and it needs a bot token: BOT_TOKEN is not set.',
  '',
  '1. In Telegram, open @BotFather, send /newbot and follow the steps.',
  '   It answers with a token like 123456789:AAH... (keep it secret).',
  '2. Set it, with the Telegram user ids of the admins and the chat ids of your channels',
  '   (add the bot as an admin of both channels first):',
  '     export BOT_TOKEN=<the token>',
  '     export ADMIN_IDS=11111111,22222222',
  '     export FREE_CHANNEL_ID=-1001234567890',
  '     export VIP_CHANNEL_ID=-1009876543210',
  '   or put them in a JSON file: besitos start --config besitos.config.json',
  '   (see .env.example and besitos.config.example.json; `besitos start --help` lists every setting).',
  '3. Run npm start again.',
  '',
  'To see the economy at work without Telegram: npx besitos demo',
].join('\n');

function settingsHelp(): string {
  const width = Math.max(...CONFIG_FIELDS.map((f) => f.env.length));
  return [
    '',
    'Settings (environment variable, or the camelCase key in the --config JSON file; the environment wins):',
    ...CONFIG_FIELDS.map((f) => `  ${f.env.padEnd(width)}  ${f.meaning} [${f.default}]`),
    '',
    'Config file: --config <file>, else $BESITOS_CONFIG. --database beats DATABASE_URL.',
    'Exit codes: 0 stopped by SIGINT/SIGTERM, 1 unexpected (database or Telegram unreachable), 5 configuration missing or invalid.',
  ].join('\n');
}

interface StartOptions {
  config?: string;
}

export function registerStart(program: Command, ctx: CommandContext): void {
  program
    .command('start')
    .description('Run the Telegram bot (long polling; a webhook when WEBHOOK_URL is set) until SIGINT or SIGTERM')
    .option('--config <file>', 'JSON config file (default: $BESITOS_CONFIG)')
    .addHelpText('after', settingsHelp())
    .action(async (opts: StartOptions, cmd: Command) => {
      const { io } = ctx;
      const globals = ctx.globals(cmd);
      const json = globals.json === true;
      const loaded = loadServerConfig({ env: io.env, file: opts.config ?? io.env.BESITOS_CONFIG, databaseUrl: globals.database });
      if (!loaded.ok) {
        reportConfigProblems(io, json, loaded.problems, loaded.missingToken);
        ctx.exitCode = EXIT.CONFIG;
        return;
      }
      const config = loaded.config;
      const logger = createLogger(config.logLevel, io.stdout, configSecrets(config));
      const controller = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'signal received: stopping (send it again to force)');
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const handle = await startServer(config, { logger, signal: controller.signal });
        await handle.stopped;
      } catch (err) {
        if (err instanceof BotConfigError) {
          reportConfigProblems(io, json, err.problems, false);
          ctx.exitCode = EXIT.CONFIG;
          return;
        }
        throw err;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

function reportConfigProblems(io: CliIo, json: boolean, problems: readonly string[], missingToken: boolean): void {
  if (json) {
    const message = missingToken ? 'BOT_TOKEN is not set' : 'the configuration is invalid';
    io.stdout.write(`${JSON.stringify({ error: { code: 'INVALID_CONFIG', message, missingToken, problems } })}\n`);
    return;
  }
  if (missingToken) io.stderr.write(`${NO_TOKEN_GUIDE}\n`);
  if (problems.length > 0) {
    io.stderr.write(`${missingToken ? '\nAlso fix' : 'The bot configuration has'} ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`}:\n`);
    for (const problem of problems) io.stderr.write(`  - ${problem}\n`);
  }
}
