/** The running bot's pino logger: src/log/logger.ts (secret fields redacted, secret values scrubbed). */
export { createLogger as createBotLogger, REDACTED_PATHS, type LineSink } from '../log/logger.js';
