#!/usr/bin/env node
// The `switchboard` command: Node 22.18+ runs the TypeScript sources directly (type stripping).
import '../cli.ts';
