/**
 * `besitos start` (`npm start`): runs the server (src/server: economy, Telegram bot, HTTP
 * app, jobs) until SIGINT or SIGTERM: the admin API always, the bot when BOT_TOKEN is set
 * (long polling or, when WEBHOOK_URL is set, a webhook). Configuration comes from
 * environment variables over an optional JSON file (src/server/server-config.ts). With any
 * problem in the configuration it stops at once with exit code 5 and says what to fix; it
 * never prints the token. Logs are JSON lines (pino) on stdout; what the person at the
 * terminal must read (where the API is, whether the bot runs, the one-time login link) goes
 * to stderr and never into the log.
 */
import type { Command } from 'commander';
import { BotConfigError, CONFIG_FIELDS, configSecrets, createLogger, loadServerConfig, startServer } from '../../server/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

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
    .description('Serve the admin API and run the Telegram bot when BOT_TOKEN is set (long polling; a webhook when WEBHOOK_URL is set) until SIGINT or SIGTERM')
    .option('--config <file>', 'JSON config file (default: $BESITOS_CONFIG)')
    .addHelpText('after', settingsHelp())
    .action(async (opts: StartOptions, cmd: Command) => {
      const { io } = ctx;
      const globals = ctx.globals(cmd);
      const json = globals.json === true;
      const loaded = loadServerConfig({ env: io.env, file: opts.config ?? io.env.BESITOS_CONFIG, databaseUrl: globals.database });
      if (!loaded.ok) {
        reportConfigProblems(io, json, loaded.problems);
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
        const handle = await startServer(config, { logger, signal: controller.signal, tell: (text) => void io.stderr.write(`${text}\n`) });
        await handle.stopped;
      } catch (err) {
        if (err instanceof BotConfigError) {
          reportConfigProblems(io, json, err.problems);
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

function reportConfigProblems(io: CliIo, json: boolean, problems: readonly string[]): void {
  if (json) {
    io.stdout.write(`${JSON.stringify({ error: { code: 'INVALID_CONFIG', message: 'the configuration is invalid', problems } })}\n`);
    return;
  }
  io.stderr.write(`The configuration has ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`}:\n`);
  for (const problem of problems) io.stderr.write(`  - ${problem}\n`);
}
