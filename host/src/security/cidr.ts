/** Addresses and CIDR ranges: one implementation, in the SDK (the channels plugin's webhook allow-lists use it too). */
export * from '@bacon/sdk/ip-ranges';
