// Messages of the page reader (the page's IndexedDB, and the plasma-devtools bridge) into the
// panel store. Part of the one protocol: shared/protocol.ts merges this map into CaptureMap.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PageReaderMap {}
