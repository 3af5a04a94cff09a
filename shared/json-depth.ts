/** No request of the contract nests deeper than a few levels; 32 leaves room and stops recursion bombs. */
export const MAX_REQUEST_DEPTH = 32;

/**
 * True when `value` nests arrays/objects deeper than `maxDepth`. Iterative (an explicit stack), so a
 * payload nested 100,000 deep cannot overflow the call stack here, and it stops at the first level too
 * deep; validators that recurse (zod's lazy JSON schema) then never see such a payload.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number = MAX_REQUEST_DEPTH): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  // Bounded: every node is pushed once (JSON has no cycles; structured clones may, so depth caps those).
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
