/**
 * dlt's response actions at the HTTP boundary: whether a response is one the config says to
 * ignore. Matching as dlt's `_handle_response_action`: the status code equal when given, the
 * content a substring of the body text when given, both when both are given.
 */
import type { ResponseAction } from '@/lib/config/types';

export function ignoredBy(actions: readonly ResponseAction[], status: number, bodyText: string): boolean {
  return actions.some(
    (a) => a.action === 'ignore' && (a.status === undefined || a.status === status) && (a.content === undefined || bodyText.includes(a.content)),
  );
}
