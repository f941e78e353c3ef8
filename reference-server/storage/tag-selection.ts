import type { ForkSelection } from './store.ts';

/** True when `tags` shares at least one tag with `wanted` (tags compare case-sensitively). */
export function hasAnyTag(tags: readonly string[], wanted: readonly string[]): boolean {
  return wanted.some((tag) => tags.includes(tag));
}

/**
 * The tag rule shared by forks and context assembly: blocks carrying at least one `includeByTag`
 * tag (every block when the list is absent or empty), minus blocks carrying any `excludeByTag` tag.
 */
export function isTagSelected(
  tags: readonly string[],
  includeByTag: readonly string[] = [],
  excludeByTag: readonly string[] = [],
): boolean {
  return (includeByTag.length === 0 || hasAnyTag(tags, includeByTag)) && !hasAnyTag(tags, excludeByTag);
}

/** The blocks a fork copies: tag-selected ones plus, unless `includePinned` is false, every pinned one. */
export function selectForFork<T extends { tags: readonly string[]; pinned: boolean }>(
  blocks: readonly T[],
  selection: ForkSelection,
): T[] {
  const includePinned = selection.includePinned ?? true;
  return blocks.filter(
    (b) => (includePinned && b.pinned) || isTagSelected(b.tags, selection.includeByTag, selection.excludeByTag),
  );
}
