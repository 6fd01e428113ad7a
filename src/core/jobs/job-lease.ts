/**
 * A lease per job in `job_leases`: the instance holding it runs the job; it expires on its
 * own if that instance dies. Taken by one guarded upsert (free, expired, or already ours),
 * so two instances asking at once cannot both get it: the database decides.
 *
 * The lease only keeps instances from doing the same work at once; what makes each period's
 * work happen once is its `job_runs` row (see day-boundary-jobs.ts).
 */
import type { Executor } from '../../storage/write-transaction.js';

export type LeaseAttempt = { taken: true } | { taken: false; heldBy: string; expiresAt: number };

export async function takeLease(db: Executor, job: string, holder: string, now: number, expiresAt: number): Promise<LeaseAttempt> {
  // A read first: held leases (the usual case on every other instance) cost no write, and on
  // SQLite a write would wait for another process's write lock where a read does not.
  const current = await db.selectFrom('job_leases').selectAll().where('job', '=', job).executeTakeFirst();
  if (current && current.holder !== holder && Number(current.expires_at) > now) {
    return { taken: false, heldBy: current.holder, expiresAt: Number(current.expires_at) };
  }
  const row = await db
    .insertInto('job_leases')
    .values({ job, holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('job')
        .doUpdateSet({ holder, expires_at: expiresAt })
        .where((eb) => eb.or([eb('job_leases.expires_at', '<=', now), eb('job_leases.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  if (row) return { taken: true };
  const winner = await db.selectFrom('job_leases').selectAll().where('job', '=', job).executeTakeFirst();
  return { taken: false, heldBy: winner?.holder ?? 'unknown', expiresAt: Number(winner?.expires_at ?? now) };
}

/** Gives the lease back (only if still ours), so the next run on any instance can take it. */
export async function releaseLease(db: Executor, job: string, holder: string): Promise<void> {
  await db.deleteFrom('job_leases').where('job', '=', job).where('holder', '=', holder).execute();
}
