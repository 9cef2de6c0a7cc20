import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema and committed; they are applied by `switchboard migrate`
// (and at every start), never by drizzle-kit push.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
