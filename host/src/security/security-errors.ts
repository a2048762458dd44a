import { defineErrors } from '@bacon/sdk';

/** The kernel's refusals for site keys, origins, widget sessions and IP rules. */
export const SecurityErrors = defineErrors('security', {
  invalidSiteKey: { code: 'invalid_site_key', status: 401, message: 'Unknown site key.' },
  originNotAllowed: { code: 'origin_not_allowed', status: 403, message: 'This origin is not allowed for the site key.' },
  invalidWidgetConfig: { code: 'invalid_widget_config', status: 401, message: 'The widget config is invalid or expired; reload it.' },
  identityInvalid: { code: 'identity_invalid', status: 401, message: 'The visitor identity signature does not match.' },
  ipRefused: { code: 'ip_refused', status: 403, message: 'Requests from this address are not allowed.' },
  ipRulesLockOut: {
    code: 'ip_rules_lock_out',
    status: 409,
    message: 'After this change your own address would be refused and you would be locked out. Add an allow rule that covers it first.',
  },
  invalidCidr: { code: 'invalid_cidr', status: 400, message: 'Not an IPv4 or IPv6 address or CIDR.' },
  invalidOrigin: { code: 'invalid_origin', status: 400, message: 'An allowed origin is scheme://host[:port], without a path.' },
});
