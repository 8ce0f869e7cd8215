// Public surface of the reference plasma client: what the demo app and the tests import.

export { createPlasmaClient, type PlasmaClient } from './client.ts';
export { attachDevtoolsBridge, type BridgeWindow, type BridgeOptions } from './bridge.ts';
export { DEFAULT_RETRY } from './http.ts';
export type * from './types.ts';
