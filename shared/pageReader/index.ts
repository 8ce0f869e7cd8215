// shared/pageReader: the pure half of the page reader (see panel/pageReader/READING.md).

export * from './types.ts';
export * from './recognise.ts';
export * from './states.ts';
export * from './decode.ts';
export * from './assemble.ts';
export * from './bridge.ts';
