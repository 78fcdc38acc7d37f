// The package's type declarations (pkg/*.d.ts) compile, strict, against a file that uses
// every export the way the tests do (tests/types/sdk-usage.ts).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'

import { repoRoot } from './lib/cli.mjs'

const run = promisify(execFile)

test('pkg/index.d.ts and pkg/cid.d.ts type-check (tsc --strict)', async () => {
  const tsc = join(repoRoot, 'tests/node_modules/typescript/bin/tsc')
  const args = [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--lib', 'es2022,dom', '--skipLibCheck', 'false', join(repoRoot, 'tests/types/sdk-usage.ts')]
  const { stdout, stderr } = await run(process.execPath, args, { cwd: repoRoot }).catch((e) => e)
  assert.equal(`${stdout ?? ''}${stderr ?? ''}`.trim(), '')
})
