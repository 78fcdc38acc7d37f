// Locating and running the `proofmark` binary under test.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The repository root (this file lives in tests/node/lib/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The binary under test: $PROOFMARK_BIN, else the release build. */
export const proofmarkBin = process.env.PROOFMARK_BIN || join(repoRoot, 'target/release/proofmark')

/** Fails (never skips) when the binary is missing. */
export function requireBinary () {
  assert.ok(existsSync(proofmarkBin),
    `proofmark binary not found at ${proofmarkBin}: build it (cargo build --release -p proofmark-cli) ` +
    'or point PROOFMARK_BIN at it')
}

/** Runs `proofmark ...args`; resolves to stdout, rejects with the exit status and stderr. */
export async function proofmark (args) {
  try {
    const { stdout } = await run(proofmarkBin, args, { maxBuffer: 16 << 20, encoding: 'utf8' })
    return stdout
  } catch (err) {
    const why = err.code === 'ENOENT' ? 'not found' : `exit ${err.code ?? err.signal}`
    throw new Error(`proofmark ${args.join(' ')}: ${why}\n${err.stderr ?? ''}`.trimEnd())
  }
}
