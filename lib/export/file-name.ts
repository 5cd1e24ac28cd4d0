import type { ExportExtension } from './types';

/**
 * `<resource>-<YYYY-MM-DD>.<ext>` on the user's local calendar date: the day they clicked export,
 * not the UTC day, which differs in the evening west of Greenwich.
 *
 * Resource names come from the user's config and are not restricted to safe characters, so path
 * separators and characters Windows or `downloads.download` reject become `_`, and leading dots
 * go (no hidden files, no `..` inside a ZIP).
 */
export function exportFileName(resource: string, ext: ExportExtension, date: Date = new Date()): string {
  const yyyy = String(date.getFullYear()).padStart(4, '0');
  const mm = String(date.getMonth() + 1).padStart(2, '0');
  const dd = String(date.getDate()).padStart(2, '0');
  return `${safeBaseName(resource)}-${yyyy}-${mm}-${dd}.${ext}`;
}

function safeBaseName(resource: string): string {
  return resource.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^[.\s]+/, '');
}
