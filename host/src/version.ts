/** The host's version, checked against plugins' `engines.host` ranges. */
export const HOST_VERSION = '0.1.0';
