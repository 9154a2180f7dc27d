/**
 * Every change to the dev store's data goes through these functions: each runs in one transaction, persists the
 * records, bumps `updatedAt` and emits the webhooks Shopify would send. The Admin API and control API call them.
 */
export { createCustomer, updateCustomer, deleteCustomer } from "./customer-events";
export type { CustomerInput, CustomerPatch } from "./customer-events";
export { placeOrder, updateOrder, fulfillOrder, cancelOrder } from "./order-events";
export type { OrderInput } from "./order-events";
export { startCheckout, updateCheckout, abandonCheckout, completeCheckout } from "./checkout-events";
export type { CheckoutInput } from "./checkout-events";
export { uninstallApp, requestCompliance } from "./app-events";
export type { ComplianceTopic } from "./app-events";
export { DevstoreError } from "./errors";
export type { DevstoreErrorCode } from "./errors";
