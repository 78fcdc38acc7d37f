// The workerd host for the conformance cases (started by tests/node/lib/runtimes.mjs):
// POST /run with the extra env as JSON answers every case's result; POST /fetch with
// `{ url, init }` answers `{ status, text }` or `{ error }`: what a fetch from inside the worker got.
import * as pm from '../../pkg/workerd.js'
import * as pmCid from '../../pkg/cid-workerd.js'
import * as pmGroth16 from '../../pkg/groth16-workerd.js'
import { fetchFixture, runAll } from './run-all.mjs'

export default {
  async fetch (request, bindings) {
    const { pathname } = new URL(request.url)
    const body = await request.json()
    if (pathname === '/run') {
      return Response.json(await runAll({ pm, pmCid, pmGroth16 }, { ...body, fixture: fetchFixture(bindings.FIXTURES) }))
    }
    if (pathname === '/fetch') {
      try {
        const response = await fetch(body.url, body.init)
        return Response.json({ status: response.status, text: await response.text() })
      } catch (error) {
        return Response.json({ error: String(error?.message ?? error) })
      }
    }
    return new Response('not found', { status: 404 })
  }
}
