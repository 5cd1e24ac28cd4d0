/**
 * dlt's single-entity rule (dlt/sources/helpers/rest_client/detector.py `single_entity_path`,
 * applied by rest_api/config_setup.py `_setup_single_entity_endpoint`): a path whose last segment
 * holds a placeholder (`posts/{post_id}`, `posts/{resources.posts.id}`) returns one object, so a
 * resource that names no paginator gets `single_page` and one that names no data selector gets
 * `$` (the whole body as one record).
 */

/** The last segment as Python's `PurePosixPath(path).name`: empty and `.` segments are dropped. */
function lastSegment(path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  return segments.at(-1) ?? '';
}

/** dlt: tests/sources/helpers/rest_client/test_detector.py test_single_entity_path_valid / _invalid. */
export function isSingleEntityPath(path: string): boolean {
  return /\{[a-zA-Z0-9.\-_]+\}/.test(lastSegment(path));
}
