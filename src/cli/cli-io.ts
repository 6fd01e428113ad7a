/**
 * Where the CLI reads and writes. `runCli` gets these instead of touching `process`, so
 * tests run commands in-process and capture exactly what a terminal would see.
 */
import { redactUrl } from '../log/redact.js';

export interface TextSink {
  write(text: string): unknown;
}

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: TextSink;
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Removes the password of every database URL in `text`. Applied to all error text: a
 * driver or a URL parser may echo the URL it was given, and a terminal or a CI log is no
 * place for a password.
 */
export function redactSecrets(text: string): string {
  return text
    .split(/(\s+)/)
    .map((part) => redactUrl(part))
    .join('');
}

/** A command's result: one JSON object (one line) with `--json`, readable text without. */
export class Output {
  readonly #io: CliIo;
  readonly json: boolean;

  constructor(io: CliIo, json: boolean) {
    this.#io = io;
    this.json = json;
  }

  /** `text` is only built for humans, so JSON runs never pay for formatting. */
  result(data: unknown, text: () => string): void {
    if (this.json) this.#io.stdout.write(`${JSON.stringify(data)}\n`);
    else this.#io.stdout.write(text().replace(/\n*$/, '\n'));
  }
}
