/** An Acme Shop order as the plugin returns it. */
export interface Order {
  id: string;
  status: string;
  total: string;
  items: string[];
}

export const orderSchema = {
  type: 'object',
  required: ['id', 'status', 'total', 'items'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string' },
    total: { type: 'string' },
    items: { type: 'array', items: { type: 'string' } },
  },
};
