import { describe, expect, it } from 'vitest';
import { roleAtLeast, type Role } from './roles.ts';

describe('roleAtLeast', () => {
  const table: [Role, Role, boolean][] = [
    ['admin', 'admin', true], ['admin', 'supervisor', true], ['admin', 'agent', true],
    ['supervisor', 'admin', false], ['supervisor', 'supervisor', true], ['supervisor', 'agent', true],
    ['agent', 'admin', false], ['agent', 'supervisor', false], ['agent', 'agent', true],
  ];
  it.each(table)('%s meets %s: %s', (role, minimum, expected) => {
    expect(roleAtLeast(role, minimum)).toBe(expected);
  });
});
