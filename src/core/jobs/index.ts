export * from './day-boundary-jobs.js';
export { releaseLease, takeLease, type LeaseAttempt } from './job-lease.js';
