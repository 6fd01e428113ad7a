/** Notifications from engine events (reward unlocked, level-up, streak at risk); returns the unsubscribe. */
import type { BotDeps } from '../../bot-deps.js';

export function startNotifications(_deps: BotDeps): () => void {
  return () => {};
}
