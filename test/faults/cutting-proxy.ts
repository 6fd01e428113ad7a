/**
 * A loopback TCP proxy in front of PostgreSQL that loses connections on purpose, at the
 * moments `pg_terminate_backend` cannot aim at: after a COMMIT reached the server and
 * before its answer reached the client (the commit happened, the client cannot know), or
 * while the "server" refuses every connection. Only bytes pass through; it reads just
 * enough of the client's messages to see a simple-protocol `COMMIT`.
 */
import net from 'node:net';

export interface CuttingProxy {
  /** `postgres://…` of the proxy, standing for `target`. */
  readonly url: string;
  /** The next COMMIT a client sends reaches the server; its answer is dropped with the connection. */
  loseNextCommitAnswer(): void;
  /** How many COMMIT answers were lost so far. */
  readonly commitAnswersLost: number;
  /** Every open connection cut, new ones refused (as a server that went down) until `resume`. */
  goDown(): void;
  resume(): void;
  close(): Promise<void>;
}

// A simple-protocol Query message: 'Q', int32 length, the text, NUL.
const COMMIT_QUERY = Buffer.concat([Buffer.from('Q'), Buffer.from([0, 0, 0, 11]), Buffer.from('commit\0')]);

export async function cuttingProxy(target: string): Promise<CuttingProxy> {
  const to = new URL(target);
  const pairs = new Set<{ client: net.Socket; server: net.Socket }>();
  let armed = false;
  let lost = 0;
  let down = false;

  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(to.port || 5432), to.hostname);
    const pair = { client, server: upstream };
    pairs.add(pair);
    let dropAnswer = false;
    client.on('data', (chunk) => {
      if (armed && chunk.includes(COMMIT_QUERY)) {
        armed = false;
        dropAnswer = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (dropAnswer) {
        // The server committed and answered; the client never hears it.
        lost++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;

  return {
    url: url.toString(),
    loseNextCommitAnswer: () => void (armed = true),
    get commitAnswersLost() {
      return lost;
    },
    goDown: () => {
      down = true;
      for (const p of pairs) {
        p.client.destroy();
        p.server.destroy();
      }
    },
    resume: () => void (down = false),
    close: async () => {
      for (const p of pairs) {
        p.client.destroy();
        p.server.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
