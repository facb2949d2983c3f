// Runs every *.test.ts(x) under src/ and test/ with node's test runner (Node 20 has no globs).
// DIALECTS=sqlite,postgres runs the database tests on both engines (default: sqlite).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return find(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...find('src'), ...find('test')].sort();
console.log(`dialects: ${process.env.DIALECTS ?? 'sqlite'}; ${files.length} test files`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, TZ: process.env.TZ ?? 'Asia/Shanghai' } },
);
process.exit(result.status ?? 1);
