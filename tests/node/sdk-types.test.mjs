// The package's type declarations (pkg/*.d.ts) compile, strict, against a file that uses
// every export the way the tests do, and that misuses them where the types must object
// (tests/types/sdk-usage.ts).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'

import { repoRoot } from './lib/cli.mjs'

const run = promisify(execFile)

test('pkg/index.d.ts, pkg/cid.d.ts and pkg/groth16.d.ts type-check (tsc --strict), and refuse misuse', async () => {
  const tsc = join(repoRoot, 'tests/node_modules/typescript/bin/tsc')
  const args = [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--lib', 'es2022,dom', '--skipLibCheck', 'false', join(repoRoot, 'tests/types/sdk-usage.ts')]
  const { stdout, stderr } = await run(process.execPath, args, { cwd: repoRoot }).catch((e) => e)
  assert.equal(`${stdout ?? ''}${stderr ?? ''}`.trim(), '')
})

test('pkg/package.json: every export condition names a file that exists and is published', async () => {
  const { existsSync, readFileSync } = await import('node:fs')
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'pkg/package.json'), 'utf8'))
  const targets = Object.values(pkg.exports).flatMap((entry) => typeof entry === 'string' ? [entry] : Object.values(entry))
  assert.ok(targets.includes('./groth16-workerd.js') && targets.includes('./cid-workerd.js'))
  const published = (path) => pkg.files.some((f) => f === path || (f.endsWith('/') && path.startsWith(f)))
  for (const target of targets) {
    const path = target.slice(2)
    assert.ok(existsSync(join(repoRoot, 'pkg', path)), `${target} exists`)
    assert.ok(path === 'package.json' || published(path), `${target} is in "files"`)
  }
})
