/** The Admin GraphQL documents the plugin sends, and the plain shapes it answers with. */

const MONEY = 'shopMoney { amount currencyCode }';

/** Fields of an order the actions and the enricher show: status, fulfilment with tracking, refunds. */
export const ORDER_FIELDS = `
  id name createdAt cancelledAt statusPageUrl
  displayFinancialStatus displayFulfillmentStatus
  totalPriceSet { ${MONEY} }
  customer { id displayName email phone }
  fulfillments(first: 10) { status createdAt trackingInfo(first: 5) { company number url } }
  refunds(first: 10) {
    id createdAt note
    totalRefundedSet { ${MONEY} }
    transactions(first: 5) { nodes { kind status processedAt gateway } }
  }`;

const CUSTOMER_FIELDS = 'id displayName firstName lastName email phone numberOfOrders amountSpent { amount currencyCode } createdAt tags';

export const FIND_CUSTOMERS = `query FindCustomers($query: String!) {
  customers(first: 5, query: $query) { nodes { ${CUSTOMER_FIELDS} } }
}`;

export const CUSTOMER_WITH_ORDERS = `query CustomerWithOrders($query: String!, $orders: Int!) {
  customers(first: 1, query: $query) {
    nodes { ${CUSTOMER_FIELDS} orders(first: $orders, sortKey: CREATED_AT, reverse: true) { nodes { ${ORDER_FIELDS} } } }
  }
}`;

export const ORDER_BY_NAME = `query OrderByName($query: String!) {
  orders(first: 1, query: $query) { nodes { ${ORDER_FIELDS} } }
}`;

export const SHOP_CHECK = `query ConnectionCheck {
  shop { name myshopifyDomain }
  currentAppInstallation { accessScopes { handle } }
}`;

/** The access scopes the actions need. */
export const REQUIRED_SCOPES = ['read_customers', 'read_orders'];

interface Money {
  shopMoney: { amount: string; currencyCode: string };
}

export interface ShopifyCustomerNode {
  id: string;
  displayName: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  numberOfOrders: string | number;
  amountSpent: { amount: string; currencyCode: string };
  createdAt: string;
  tags: string[];
  orders?: { nodes: ShopifyOrderNode[] };
}

export interface ShopifyOrderNode {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt?: string | null;
  statusPageUrl?: string | null;
  displayFinancialStatus?: string | null;
  displayFulfillmentStatus: string;
  totalPriceSet: Money;
  customer?: { id: string; displayName: string; email?: string | null; phone?: string | null } | null;
  fulfillments: {
    status: string;
    createdAt: string;
    trackingInfo: { company?: string | null; number?: string | null; url?: string | null }[];
  }[];
  refunds: {
    id: string;
    createdAt: string;
    note?: string | null;
    totalRefundedSet: Money;
    transactions: { nodes: { kind: string; status: string; processedAt?: string | null; gateway?: string | null }[] };
  }[];
}

/** A search term Shopify's query syntax takes literally (`email:"ada@example.com"`). */
export function term(field: string, value: string): string {
  return `${field}:"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The customer search for an email, else a phone number. */
export function contactQuery(c: { email?: unknown; phone?: unknown }): string | undefined {
  if (typeof c.email === 'string' && c.email) return term('email', c.email);
  if (typeof c.phone === 'string' && c.phone) return term('phone', c.phone);
  return undefined;
}

/** `gid://shopify/Order/123` -> `123`. */
const numericId = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);

export const adminUrl = (shop: string, gid: string) =>
  `https://${shop}/admin/${gid.includes('/Customer/') ? 'customers' : 'orders'}/${numericId(gid)}`;

export function customerOut(shop: string, c: ShopifyCustomerNode) {
  return {
    id: c.id,
    name: c.displayName,
    email: c.email ?? null,
    phone: c.phone ?? null,
    numberOfOrders: Number(c.numberOfOrders),
    amountSpent: { amount: c.amountSpent.amount, currency: c.amountSpent.currencyCode },
    createdAt: c.createdAt,
    tags: c.tags,
    adminUrl: adminUrl(shop, c.id),
  };
}

/** A refund's state from its transactions: the worst one wins (failed, then pending, then succeeded). */
export function refundState(transactions: { status: string }[]): 'succeeded' | 'pending' | 'failed' | 'unknown' {
  const s = transactions.map((t) => t.status);
  if (s.some((x) => x === 'FAILURE' || x === 'ERROR')) return 'failed';
  if (s.some((x) => x === 'PENDING' || x === 'AWAITING_RESPONSE')) return 'pending';
  if (s.length && s.every((x) => x === 'SUCCESS')) return 'succeeded';
  return 'unknown';
}

export function orderOut(shop: string, o: ShopifyOrderNode) {
  const refunds = o.refunds.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    amount: r.totalRefundedSet.shopMoney.amount,
    currency: r.totalRefundedSet.shopMoney.currencyCode,
    note: r.note ?? null,
    status: refundState(r.transactions.nodes),
  }));
  const fulfillments = o.fulfillments.map((f) => ({
    status: f.status,
    createdAt: f.createdAt,
    tracking: f.trackingInfo.map((t) => ({ company: t.company ?? null, number: t.number ?? null, url: t.url ?? null })),
  }));
  const tracking = fulfillments.flatMap((f) => f.tracking).find((t) => t.number);
  const total = `${o.totalPriceSet.shopMoney.amount} ${o.totalPriceSet.shopMoney.currencyCode}`;
  const summary =
    `Order ${o.name} (${o.createdAt.slice(0, 10)}, ${total}): ` +
    [
      o.cancelledAt ? 'cancelled' : null,
      (o.displayFinancialStatus ?? 'unknown payment').toLowerCase().replace(/_/g, ' '),
      o.displayFulfillmentStatus.toLowerCase().replace(/_/g, ' '),
      tracking ? `${tracking.company ?? 'tracking'} ${tracking.number}` : null,
      refunds.length ? `${refunds.length} refund(s), ${refunds.map((r) => r.status).join(', ')}` : null,
    ]
      .filter(Boolean)
      .join('; ');
  return {
    id: o.id,
    number: o.name,
    createdAt: o.createdAt,
    cancelled: !!o.cancelledAt,
    financialStatus: o.displayFinancialStatus ?? null,
    fulfillmentStatus: o.displayFulfillmentStatus,
    total: { amount: o.totalPriceSet.shopMoney.amount, currency: o.totalPriceSet.shopMoney.currencyCode },
    customer: o.customer ? { name: o.customer.displayName, email: o.customer.email ?? null, phone: o.customer.phone ?? null } : null,
    fulfillments,
    refunds,
    statusUrl: o.statusPageUrl ?? null,
    adminUrl: adminUrl(shop, o.id),
    summary,
  };
}

export type OrderOut = ReturnType<typeof orderOut>;
