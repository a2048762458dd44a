/** JSON schemas shared by the auth and security routes. */
export const UUID = { type: 'string', format: 'uuid' };
export const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: UUID } };
export const ROLE = { type: 'string', enum: ['admin', 'agent'] };

export const USER = {
  type: 'object',
  required: ['id', 'tenantId', 'email', 'name', 'role', 'disabled', 'lastLoginAt', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: UUID,
    tenantId: UUID,
    email: { type: 'string' },
    name: { type: 'string' },
    role: ROLE,
    disabled: { type: 'boolean' },
    lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

export const SESSION = {
  type: 'object',
  required: ['accessToken', 'tokenType', 'expiresIn', 'csrfToken', 'user'],
  additionalProperties: false,
  properties: {
    accessToken: { type: 'string' },
    tokenType: { const: 'Bearer' },
    expiresIn: { type: 'integer' },
    csrfToken: { type: 'string' },
    /** Only when the client asked for it in the body (non-browser clients). */
    refreshToken: { type: 'string' },
    user: USER,
  },
};

export const PASSWORD = { type: 'string', minLength: 10, maxLength: 200 };
