export * from './membership-service.js';
export * from './membership-input.js';
export { type RoleChange, type VipGranter, type RoleUpdateResult, EXPIRY_CHANGED_BY, EXPIRY_REASON } from './membership-repository.js';
export { VipGrants } from './vip-grants.js';
