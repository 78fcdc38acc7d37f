// The committed contract artifact must equal a fresh build with the pinned npm solc.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { join } from 'node:path'
import { repoRoot } from './lib/cli.mjs'

const run = promisify(execFile)

test('contracts/artifacts/ are fresh builds of contracts/**.sol', async () => {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'scripts/build-contracts.mjs'), '--check'])
  assert.equal(stdout.trim(), 'contract artifacts are current')
})
