// Cuts the operations the carrier fakes check out of a carrier's published OpenAPI description, with every
// component they reference, so the tests validate against the carrier's own words without a multi-megabyte file.
// Run: node test/carriers/specs/slice-openapi.ts <spec.json> <out.json> <source note> "<METHOD> <path>"|"#/components/..."...
import { readFileSync, writeFileSync } from 'node:fs';

type Json = Record<string, unknown>;

const [specPath, outPath, source, ...operations] = process.argv.slice(2);
if (!specPath || !outPath || !source || operations.length === 0) throw new Error('usage: slice-openapi.ts <spec.json> <out.json> <source> "<METHOD> <path>"...');
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Json & { paths: Record<string, Json>; components: Record<string, Record<string, unknown>> };

const paths: Record<string, Json> = {};
// Components named outright (webhook payloads, which no path references) are kept as well.
const roots = operations.filter((o) => o.startsWith('#/')).map((ref) => ({ $ref: ref }));
for (const operation of operations.filter((o) => !o.startsWith('#/'))) {
  const [method, path] = operation.split(' ') as [string, string];
  const found = spec.paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`${operation} is not in ${specPath}`);
  paths[path] = { ...paths[path], [method.toLowerCase()]: found, ...(spec.paths[path]!.parameters ? { parameters: spec.paths[path]!.parameters } : {}) };
}

// Every "#/components/<kind>/<name>" reached from the kept operations, transitively.
const components: Record<string, Record<string, unknown>> = {};
const pending: unknown[] = [paths, roots];
while (pending.length) {
  const node = pending.pop();
  if (Array.isArray(node)) pending.push(...node);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
        const [, , kind, name] = value.split('/') as [string, string, string, string];
        if (components[kind]?.[name] !== undefined) continue;
        const target = spec.components[kind]?.[name];
        if (target === undefined) throw new Error(`${value} is missing`);
        (components[kind] ??= {})[name] = target;
        pending.push(target);
      } else pending.push(value);
    }
  }
}

const slice = { openapi: spec.openapi, info: { ...(spec.info as Json), 'x-sliced-from': source }, paths, components };
writeFileSync(outPath, `${JSON.stringify(slice, null, 1)}\n`);
console.log(`${outPath}: ${Object.keys(paths).length} paths, ${Object.values(components).reduce((n, c) => n + Object.keys(c).length, 0)} components`);
