/**
 * `backup` and `restore` copy the embedded SQLite file. On PostgreSQL the server's own tools
 * do it better (consistent, compressed, restorable table by table), so both commands stop
 * with how to use them instead (exit 2), before touching the database.
 */
import { databaseDialect } from '../core/index.js';
import { redactUrl } from '../log/redact.js';
import type { DatabaseTarget } from './database-target.js';
import { UsageError } from './exit-codes.js';

export function refusePostgres(target: DatabaseTarget, command: 'backup' | 'restore'): void {
  if (databaseDialect(target.url) !== 'postgres') return;
  // libpq does not know besitos' `?schema=`: the schema goes to pg_dump/pg_restore as -n.
  const url = new URL(target.url);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const n = schema ? ` -n ${schema}` : '';
  const server = `'${redactUrl(url.toString())}'`;
  throw new UsageError(
    [
      `besitos ${command} copies the embedded SQLite database; ${target.display} is PostgreSQL: use its own tools.`,
      `  back up:  pg_dump -Fc${n} -f besitos.dump ${server}`,
      `  restore:  pg_restore --clean --if-exists${n} -d ${server} besitos.dump   (stop the bot first)`,
    ].join('\n'),
  );
}
