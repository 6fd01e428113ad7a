/**
 * `describe` recognises grammY's errors by their shape (src/log imports no Telegram code):
 * real GrammyError and HttpError instances come out as the bot logged them before, and
 * no token survives in a message or a stack.
 */
import { BotError, GrammyError, HttpError } from 'grammy';
import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../src/log/describe.js';
import { redact, redactUrl } from '../../src/log/redact.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';

suite('describe', () => {
  it('a GrammyError: the method, the code and the description, never the payload', () => {
    const err = new GrammyError(
      "Call to 'sendMessage' failed!",
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      'sendMessage',
      { chat_id: 7, text: 'a private text' },
    );
    expect(describe(err)).toEqual({ type: 'GrammyError', method: 'sendMessage', code: 403, description: 'Forbidden: bot was blocked by the user' });
  });

  it('an HttpError: its message with the token removed, no stack and no cause', () => {
    const err = new HttpError(`Network request for 'getMe' failed! https://api.telegram.org/bot${TOKEN}/getMe`, new Error('ECONNRESET'));
    expect(describe(err)).toEqual({ type: 'HttpError', message: "Network request for 'getMe' failed! https://api.telegram.org/bot<bot-token>/getMe" });
  });

  it('any other error: its name, message and stack, redacted; a non-error: its text', () => {
    const err = new TypeError(`bad ${TOKEN}`);
    const described = describe(err);
    expect(described).toMatchObject({ type: 'TypeError', message: 'bad <bot-token>' });
    expect(String(described.stack)).toContain('TypeError: bad <bot-token>');
    expect(JSON.stringify(described)).not.toContain(TOKEN);
    expect(describe(`thrown ${TOKEN}`)).toEqual({ type: 'string', value: 'thrown <bot-token>' });
    // A BotError is a plain error here (the caller unwraps it when it wants the cause).
    expect(describe(new BotError(new Error('inner'), {} as never))).toMatchObject({ type: 'BotError' });
  });

  it('redactUrl hides a database password and leaves other URLs alone', () => {
    expect(redactUrl('postgres://besitos:s3cret@db.example/besitos')).toBe('postgres://besitos:***@db.example/besitos');
    expect(redactUrl('sqlite:./data/besitos.db')).toBe('sqlite:./data/besitos.db');
    expect(redact('no token here')).toBe('no token here');
  });
});
