import { notFound } from './problem.ts';

/**
 * The resource a route acts on, found before its handler runs (after the role check and input validation),
 * so no handler can forget the tenant check. `find` answers undefined for a resource the caller may not
 * see, another organization's included: that is a 404 naming only what was asked for.
 */
export interface ResourceSpec<I, R> {
  /** How the 404 names it, e.g. "The inbox". */
  name: string;
  find(input: I): Promise<R | undefined>;
}

export async function resolveResource<I, R>(spec: ResourceSpec<I, R> | undefined, input: I): Promise<R | undefined> {
  return spec && orNotFound(await spec.find(input), spec.name);
}

/** The value, or a 404 problem that names what was looked for. */
export function orNotFound<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw notFound(name);
  return value;
}
