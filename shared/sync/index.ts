// Public surface of the plasma sync-traffic recogniser and parser. Pure: no chrome, DOM or UI imports;
// the capture layer feeds it HAR entries, the analyser and the panel read the SyncEvents it returns.

export type * from './types.ts';
export { parseEntry } from './entry.ts';
export { recognise, type Recognition } from './recognise.ts';
export { decodeCookie } from './cookie.ts';
export { decodeBase64, decodeBase64Text } from './base64.ts';
export { headerValue, headerValues, readCredential, normaliseHeaders, cookieNames } from './headers.ts';
export { parseChangeOp, parseMutation } from './ops.ts';
export { toEntryLike } from './guard.ts';
export { plainPathAndSearch } from './url.ts';
export { PLASMA_ERRORS } from './errorBody.ts';
export { parsePushRequest, parsePushResponse, parsePullResponse, parseErrorBody, parseBody } from './parsers.ts';
