export * from './communications.ts';
export * from './inboxes.ts';
export * from './people.ts';
export * from './tenancy.ts';
export * from './policies.ts';
export * from './calls.ts';
export * from './messages.ts';
export * from './mail.ts';
