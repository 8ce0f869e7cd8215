export * from './types.ts';
export {
  collectClients,
  createClientsCollector,
  cookieVersion,
  baseKeysOf,
  rowKey,
  type ClientSources,
} from './collect.ts';
export { agoText, behindOf, behindText, healthOf } from './health.ts';
export { healthFindings, stuckQueue, starving } from './findings.ts';
