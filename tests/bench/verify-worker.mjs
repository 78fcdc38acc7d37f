// A second baseline of tests/bench/gate.mjs: the gateway's CAR through the SDK's
// carBodyToVerifiedStream and nothing else (no permit, license, nonce or SHA-256 of the output).
import { carBodyToVerifiedStream } from '../../pkg/workerd.js'

export default {
  async fetch (request, env) {
    const cid = new URL(request.url).pathname.split('/')[2]
    for (const gateway of env.GATEWAYS.split(',')) {
      const upstream = await fetch(`${gateway}/ipfs/${cid}?dag-scope=entity`, { headers: { accept: 'application/vnd.ipld.car; version=1; order=dfs; dups=y' } })
      if (upstream.ok) return new Response(carBodyToVerifiedStream(upstream.body, cid))
      await upstream.body?.cancel()
    }
    return new Response('no gateway', { status: 502 })
  }
}
