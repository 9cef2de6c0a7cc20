/** A start-up failure a person can act on: printed as one line, without a stack trace. */
export class StartupError extends Error {}
