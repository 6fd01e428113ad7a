/**
 * Issue 14, goal 1: a hot post's repeats answered from memory. When a read has refused a
 * press for a reason that only grows (cooldown, daily limit, already reacted — a reaction
 * is never deleted, `last_at` and the day's count only go up), this process keeps those
 * facts for the member and post; the member's next presses on that post are decided from
 * them with the press's own `now` and the settings in force, with no database call. An
 * accepted press (on the one-statement or synchronous path, which read its facts) is kept
 * the same way, as reacted: in a burst (a member pressing five times) the 2nd–5th presses
 * cost nothing; after the transactional path (a new member) the 2nd costs a read.
 *
 * The member's presses this process accepts since (on any post) move the kept cooldown
 * and day count forward, so the answer follows SPEC §3's order as a read would.
 *
 * Never a wrong refusal: the kept facts are lower bounds of the stored ones, so what they
 * refuse the database would refuse too; when they no longer refuse (the cooldown ran out,
 * a new day) or an access rule would answer (a VIP expiry passed: the VIP may have been
 * extended meanwhile), the press goes to the database as before. Facts are kept only when
 * access passed. What may differ is the reason shown, for at most TTL_MS after the read:
 * an access taken away by an admin meanwhile (a channel switched to OTHER, a VIP removed)
 * reads as the remembered cooldown / limit / already-reacted refusal rather than NO_ACCESS,
 * and a press accepted by another process meanwhile is not seen (a cooldown's seconds
 * left may read a little short). Either way the press is refused and nothing is written.
 *
 * Bounded: at most MAX_ENTRIES posts × members, the oldest forgotten first.
 */
import type { PressFacts, PressRefusalFacts } from './reactions-repository.js';

const TTL_MS = 30_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  facts: PressRefusalFacts;
  /** The press time of the read the facts came from. */
  at: number;
}

/** The member's latest accepted press in this process: it moves the cooldown and the day's count. */
interface Accepted {
  at: number;
  day: number;
  used: number;
}

export class RepeatMemo {
  readonly #entries = new Map<string, Entry>();
  readonly #accepted = new Map<number, Accepted>();

  /**
   * Facts kept for this member and post, read at most TTL_MS before the press, brought up
   * to this process's later accepted presses of the member (on any post): without that, a
   * post remembered as "already reacted" would hide the cooldown a newer press started.
   */
  recall(p: PressFacts): PressRefusalFacts | undefined {
    const key = keyOf(p);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // A clock moved back (tests) or the facts aged out: ask the database again.
    if (p.now < entry.at || p.now - entry.at > TTL_MS) {
      this.#entries.delete(key);
      return undefined;
    }
    const accepted = this.#accepted.get(p.memberId);
    if (!accepted || (entry.facts.last_at !== null && accepted.at <= entry.facts.last_at)) return entry.facts;
    const sameDay = entry.facts.day === accepted.day;
    return {
      ...entry.facts,
      last_at: accepted.at,
      day: accepted.day,
      day_count: sameDay ? Math.max(entry.facts.day_count ?? 0, accepted.used) : accepted.used,
    };
  }

  /** Keeps the facts of a read that refused this press for a reason that only grows. */
  learn(p: PressFacts, facts: PressRefusalFacts): void {
    remember(this.#entries, keyOf(p), { facts, at: p.now });
  }

  /**
   * An accepted press of the member: `used` valid reactions on its economy day. With the
   * facts the press was decided on (the one-statement and synchronous paths read them;
   * access passed), the post is also remembered as reacted, with this press as the last
   * valid one: the member's next presses on it are refused from memory (cooldown first,
   * then already reacted, as a read would), not by a read.
   */
  accepted(p: PressFacts, used: number, facts?: PressRefusalFacts): void {
    remember(this.#accepted, p.memberId, { at: p.now, day: p.today, used });
    if (facts) this.learn(p, { ...facts, reacted: true, last_at: p.now, day: p.today, day_count: used });
  }
}

/** Set as the newest entry; the oldest goes past MAX_ENTRIES. */
function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

function keyOf(p: PressFacts): string {
  return `${p.memberId}:${p.channelId}:${p.messageId}`;
}
