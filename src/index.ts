/**
 * besitos as a library: the engine's public face (src/core/index.ts), for bots that embed it,
 * plus the storage openers for an embedder who opens the database itself and passes it to
 * `createEconomy({ storage })`. Adapters (CLI, simulate, bench) are not exported from here;
 * the bot is `besitos/bot`, the server `besitos/server`.
 */
export * from './core/index.js';
export { openStorage, type Storage, type Dialect, type OpenOptions } from './storage/connect.js';
export { migrateToLatest, migrateDown, migrationStatus } from './storage/migrate.js';
