#!/usr/bin/env node
// The `siteshift` bin: the CLI is TypeScript, run through tsx (a runtime dependency).
require('tsx/cjs');
require('./main.ts');
