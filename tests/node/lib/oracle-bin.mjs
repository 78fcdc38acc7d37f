// Test oracle bridges built from the prover's examples (target/release/examples/*).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { repoRoot } from './cli.mjs'

const run = promisify(execFile)

/** Runs `target/release/examples/NAME args…` with `stdin`; resolves to parsed JSON stdout. */
export async function example (name, args = [], stdin = '') {
  const bin = join(repoRoot, 'target/release/examples', name)
  assert.ok(existsSync(bin), `${bin} is missing: build it (cargo build --release -p proofmark-prover --examples)`)
  const child = run(bin, args, { maxBuffer: 64 << 20, encoding: 'utf8' })
  child.child.stdin.end(stdin)
  const { stdout } = await child
  return JSON.parse(stdout)
}
