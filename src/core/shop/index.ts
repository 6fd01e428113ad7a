export * from './shop-types.js';
export { ShopService } from './shop-service.js';
export { toProduct } from './shop-mappers.js';
export type {
  ShopDeps,
  ContentSetInput,
  ContentSetUpdate,
  CreateProductInput,
  UpdateProductInput,
  PaidPurchase,
  PurchaseInput,
  PurchasesQuery,
} from './shop-service.js';
export { vipPriceOf, MAX_PRICE } from './shop-input.js';
export type { ProductInput } from './shop-input.js';
export { ScriptedDeliverer, type FailureRule, type DeliveryRecord } from './scripted-deliverer.js';
