import { badRequest, type FieldError } from './problem.ts';

/** Deepest nesting accepted in a request: policies need five levels; anything deeper is hostile, not data. */
const MAX_NESTING = 32;

/** Why text cannot be accepted: PostgreSQL cannot store NUL, and a lone surrogate is not Unicode at all. */
function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (!text.isWellFormed()) return 'must not contain unpaired surrogates';
  return undefined;
}

/**
 * The first field (breadth first) whose text, or key, is unacceptable, or that nests deeper than MAX_NESTING.
 * Iterative, so a body nested thousands of levels deep costs no stack.
 */
export function findUnacceptableText(value: unknown): FieldError | undefined {
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = 0; next < pending.length; next++) {
    const { value: current, path } = pending[next]!;
    const at = path.join('.') || '(root)';
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { path: at, message: problem };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= MAX_NESTING) return { path: at, message: `nests deeper than ${MAX_NESTING} levels` };
    for (const [key, child] of Object.entries(current)) {
      const problem = textProblem(key);
      if (problem) return { path: at, message: `has a field name that ${problem}` };
      pending.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/**
 * Decides once, at the edge, what text a request may carry: anything else is a 400 naming the field, before
 * it can reach PostgreSQL or a workflow (where a NUL would fail later, after the caller was told 202).
 */
export function assertAcceptableText(req: { params: unknown; query: unknown; body: unknown }): void {
  const parts = [['path parameters', req.params], ['query string', req.query], ['request body', req.body]] as const;
  for (const [where, value] of parts) {
    const error = findUnacceptableText(value);
    if (error) throw badRequest(`The ${where} carries text this API does not accept.`, [error]);
  }
}
