/**
 * The connections the bot keeps to the Bot API (issue 14, goal 4). grammY's default agent
 * keeps connections alive but opens one per call in flight, without bound: a burst of
 * presses (500 updates handled at once, each answering) opened hundreds of sockets at once,
 * and under load some of those requests waited seconds before the server read them,
 * answering presses after Telegram's 15 s. A bounded pool of kept-alive connections sends
 * the same calls over a few dozen sockets, in the order they were made (the agent queues
 * the rest), and pays no handshake (TCP, and TLS on api.telegram.org) per call.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** Connections open to the Bot API at most; more calls wait for one, in order. */
export const API_MAX_SOCKETS = 64;

/** grammY's `baseFetchConfig` with a bounded keep-alive agent for `apiRoot`. */
export function apiFetchConfig(apiRoot: string, maxSockets = API_MAX_SOCKETS): { agent: HttpAgent; compress?: boolean } {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' as const };
  // The same fields grammY sets by default (platform.node.js), with the bound added.
  return apiRoot.startsWith('https:') ? { agent: new HttpsAgent(options), compress: true } : { agent: new HttpAgent(options) };
}
