// Messages of the admin API client (server change log, clients, errors, row checks) into the
// panel store. Part of the one protocol: shared/protocol.ts merges this map into CaptureMap.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminMap {}
