/**
 * `besitos tokens create --admin <id> [--name <text>] | list [--all] | revoke <id>`: the
 * admin API's bearer tokens (issue 13). A token acts as its admin (every write through the
 * API is audited under that id) and is shown once, when created: the database keeps only
 * its hash. The CLI is the operator, so it may create a token for an id that is not an
 * admin yet (ADMIN_IDS may be set only where the server runs); the API refuses the token
 * for as long as that id is not an admin, checked at every request.
 */
import type { Command } from 'commander';
import type { ApiTokenInfo } from '../../core/index.js';
import { memberIdArg, numberArg, requireOption } from '../arguments.js';
import { CLI_OPERATOR, type CommandContext } from '../context.js';
import { iso, table } from '../format.js';

/** ADMIN_IDS as the server reads it, only to warn about a token that would be refused now. */
function configuredAdmins(env: Readonly<Record<string, string | undefined>>): number[] {
  return (env.ADMIN_IDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^\d{1,16}$/.test(s))
    .map(Number);
}

const when = (ms: number | null) => (ms === null ? '-' : iso(ms));

function listed(tokens: ApiTokenInfo[]): string {
  if (tokens.length === 0) return 'No admin tokens. Create one: besitos tokens create --admin <telegram id>';
  return table(
    ['ID', 'ADMIN', 'NAME', 'TOKEN', 'CREATED', 'BY', 'LAST USED', 'REVOKED'],
    tokens.map((t) => [String(t.id), String(t.adminId), t.name ?? '', `${t.hint}…`, iso(t.createdAt), t.createdBy, when(t.lastUsedAt), when(t.revokedAt)]),
    [0, 1],
  );
}

export function registerTokens(program: Command, ctx: CommandContext): void {
  const tokens = program.command('tokens').description('Create, list and revoke the admin API tokens');

  tokens
    .command('create')
    .description('Create a token that acts as an admin; it is shown once')
    .option('--admin <id>', "the admin's Telegram user id", memberIdArg)
    .option('--name <text>', 'what it is for (up to 64 characters), e.g. "laptop"')
    .action(async (opts: { admin?: number; name?: string }, cmd: Command) => {
      requireOption(cmd, opts.admin, '--admin <id>');
      const adminIds = configuredAdmins(ctx.io.env);
      return ctx.withEconomy(
        cmd,
        async (economy, out) => {
          const issued = await economy.apiTokens.operatorIssue({ by: CLI_OPERATOR, adminId: opts.admin!, name: opts.name });
          const adminNow = await economy.admins.isAdmin(issued.info.adminId);
          out.result({ token: issued.token, ...issued.info, adminNow }, () =>
            [
              `Token ${issued.info.id} for admin ${issued.info.adminId}${issued.info.name ? ` (${issued.info.name})` : ''}. It is shown only now; keep it like a password:`,
              '',
              `  ${issued.token}`,
              '',
              'Use it as: Authorization: Bearer <token>   (the API: http://127.0.0.1:8080/api/v1, reference at /api/v1/docs)',
              ...(adminNow
                ? []
                : ['', `Note: ${issued.info.adminId} is not an admin now (not in ADMIN_IDS here, no stored ADMIN role): the API refuses the token until they are.`]),
            ].join('\n'),
          );
        },
        { adminIds },
      );
    });

  tokens
    .command('list')
    .description('List the tokens in force (never their secret)')
    .option('--all', 'revoked tokens too')
    .action(async (opts: { all?: boolean }, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const list = await economy.apiTokens.list({ includeRevoked: opts.all === true });
        out.result({ tokens: list }, () => listed(list));
      }),
    );

  tokens
    .command('revoke')
    .description('Revoke a token for good: the API refuses it from the next request on')
    .argument('<id>', 'the token id (besitos tokens list)', numberArg)
    .action(async (id: number, _opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const revoked = await economy.apiTokens.revoke(id, CLI_OPERATOR);
        out.result(revoked, () => `Token ${revoked.id} (admin ${revoked.adminId}${revoked.name ? `, ${revoked.name}` : ''}) revoked.`);
      }),
    );
}
