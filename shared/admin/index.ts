// The admin API client's pure parts: response guards, the reachability classifier, base URL
// suggestion, incremental cursors and the credential wrapper.

export * from './types.ts';
export * from './guards.ts';
export * from './reachability.ts';
export * from './suggest.ts';
export * from './cursor.ts';
export * from './secret.ts';
