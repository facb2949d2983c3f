#!/usr/bin/env node
import { runCli } from './cli/cli.js';

await runCli(process.argv);
