// The memory of one worker's V8 isolate in workerd, read through its inspector: what the
// Workers memory limit (128 MB per isolate) counts, unlike the process RSS, which also holds
// workerd itself, compiled code and Miniflare's helper workers.
import WebSocket from 'ws'

const MIB = 1 << 20

/**
 * Samples `Runtime.getHeapUsage` of the worker named `worker` ('' is Miniflare's unnamed
 * worker) every `intervalMs` until `stop()`. `mf` must have been started with
 * `inspectorPort: 0`. Resolves to `{ stop() }`; `stop()` resolves to the peaks in MiB:
 * `{ heapUsed, heapTotal, backing, isolate, samples }`, `isolate` being the largest
 * `usedSize + backingStorageSize` (JS objects plus ArrayBuffer and wasm memory).
 */
export async function watchIsolateMemory (mf, { worker = '', intervalMs = 20 } = {}) {
  const inspector = String(await mf.getInspectorURL()).replace(/^ws:/, 'http:').replace(/\/?$/, '/')
  const targets = await (await fetch(`${inspector}json/list`)).json()
  const target = targets.find((t) => t.id === `core:user:${worker}`)
  if (!target) throw new Error(`no inspector target for worker '${worker}': ${targets.map((t) => t.id).join(', ')}`)
  const socket = new WebSocket(target.webSocketDebuggerUrl)
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject) })

  let id = 0
  const pending = new Map()
  socket.on('message', (data) => {
    const message = JSON.parse(String(data))
    const settle = pending.get(message.id)
    if (!settle) return
    pending.delete(message.id)
    if (message.error) settle.reject(new Error(JSON.stringify(message.error)))
    else settle.resolve(message.result)
  })
  const call = (method) => new Promise((resolve, reject) => {
    pending.set(++id, { resolve, reject })
    socket.send(JSON.stringify({ id, method }))
  })

  const peak = { heapUsed: 0, heapTotal: 0, backing: 0, isolate: 0, samples: 0 }
  const sample = async () => {
    const usage = await call('Runtime.getHeapUsage')
    const backing = usage.backingStorageSize ?? 0
    peak.heapUsed = Math.max(peak.heapUsed, usage.usedSize / MIB)
    peak.heapTotal = Math.max(peak.heapTotal, usage.totalSize / MIB)
    peak.backing = Math.max(peak.backing, backing / MIB)
    peak.isolate = Math.max(peak.isolate, (usage.usedSize + backing) / MIB)
    peak.samples++
  }
  await sample()
  let running = true
  const loop = (async () => {
    while (running) {
      await sample()
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  })()
  return {
    async stop () {
      running = false
      await loop
      await sample()
      socket.close()
      return peak
    }
  }
}
