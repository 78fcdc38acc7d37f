// The baseline of tests/bench/gate.mjs: a worker that proxies a gateway's CAR unchecked
// (the first of GATEWAYS that answers 200).
export default {
  async fetch (request, env) {
    const url = new URL(request.url)
    let upstream
    for (const gateway of env.GATEWAYS.split(',')) {
      upstream = await fetch(`${gateway}${url.pathname}${url.search}`, { headers: { accept: request.headers.get('accept') ?? '*/*' } })
      if (upstream.ok) break
      await upstream.body?.cancel()
    }
    return new Response(upstream.body, { status: upstream.status, headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' } })
  }
}
