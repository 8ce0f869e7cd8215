// The admin API client's share of the one protocol, as a union and a guard, so the admin reducer
// takes only its own messages and fails to compile when one of them is left unhandled.

import type { AuthLogMap } from '../../shared/admin/authLog.ts';
import type { AdminMap } from '../../shared/messages/admin.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';

type AdminMessageType = keyof AdminMap | keyof AuthLogMap;

/** The admin client's messages: the server's logs, clients, row checks and auth-decision log. */
export type AdminMessage = Extract<CaptureMessage, { type: AdminMessageType }>;

// `satisfies` makes this table the type's own list: a missing or an extra name fails to compile.
const ADMIN_TYPES = {
  adminSettings: true,
  adminReachability: true,
  adminInfo: true,
  adminChanges: true,
  adminClients: true,
  adminErrors: true,
  adminRowCheck: true,
  adminPolled: true,
  adminAuthLog: true,
  adminAuthLogProblem: true,
  adminAuthExpectations: true,
} as const satisfies Record<AdminMessageType, true>;

const ADMIN_TYPE_SET: ReadonlySet<string> = new Set(Object.keys(ADMIN_TYPES));

export function isAdminMessage(msg: CaptureMessage): msg is AdminMessage {
  return ADMIN_TYPE_SET.has(msg.type);
}
