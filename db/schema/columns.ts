import { timestamp } from 'drizzle-orm/pg-core';

// Millisecond precision: keyset cursors carry JavaScript Dates, and a microsecond-precise column would
// let rows created within the same millisecond fall between two pages.
export const createdAt = () => timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow();
export const instant = () => timestamp({ withTimezone: true, precision: 3 });
