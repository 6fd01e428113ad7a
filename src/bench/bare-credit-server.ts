/**
 * The http-credit row's floor (issue 13): the same credit request answered by `node:http`
 * alone around the engine, with none of the API's layers (no hono, no routing table, no body
 * rules, no zod, no problem documents) and none of its checks: it trusts the bench's client.
 * It is not an API anyone should serve; it measures what any HTTP API on one Node thread
 * pays before its own work, so that the row can say how far the API is from that floor.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpServerHandle } from '../http/listen.js';

/** Credits `amount` to `memberId` with the caller's bearer token and Idempotency-Key. */
export type BareCredit = (token: string, memberId: number, amount: number, key: string) => Promise<void>;

const CREDIT_PATH = /^\/api\/v1\/members\/(\d+)\/credit$/;

export function listenBareCredit(credit: BareCredit): Promise<HttpServerHandle> {
  const handle = (req: IncomingMessage, body: string) => {
    const member = CREDIT_PATH.exec(req.url ?? '');
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const key = req.headers['idempotency-key'];
    const { amount } = JSON.parse(body) as { amount: number };
    if (!member || typeof key !== 'string') throw new Error('not the bench client\'s request');
    return credit(token, Number(member[1]), amount, key);
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      // A request the bench's client would not send (a parse error) is a 500, not a crash.
      Promise.resolve()
        .then(() => handle(req, body))
        .then(
          () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'),
          (err: unknown) => res.writeHead(500).end(String(err)),
        );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        host: '127.0.0.1',
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
