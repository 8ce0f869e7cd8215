// The page reader, as the panel wires it: slice (store.ts), reducer share (applyMessage.ts),
// starter (main.tsx); the view is imported from its own module. See READING.md for how and why it reads the page.

export { createPageReaderSlice, type PageReaderSlice, type ReadOverall } from './slice.ts';
export { applyPageReaderMessage } from './apply.ts';
export { startPageReader, type PageReaderDeps, type PageReaderHandle } from './start.ts';
export { hintFromSyncEvents, type RefreshHint } from './hints.ts';
