// make demo: start the whole product on loopback, print the page URL and each asset's
// `proofmark check` verdict, and keep serving until Ctrl-C.
import { startDemo } from './stack.mjs'

const bin = process.argv[2]
const say = (line) => console.log(`==> ${line}`)
const demo = await startDemo({ bin, log: (line) => console.log(`  ${line}`) })
let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  say('stopping')
  await demo.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

say(`published ${demo.config.assets.length - 1} images (proofs and anchors included) in ${demo.publishMs} ms`)
say('each asset, as `proofmark check --gateway … --json` sees it')
const show = (d) => d.status + (d.reason ? ` (${d.reason})` : '')
for (const { asset, verdict } of await demo.checks()) {
  console.log(`  ${asset.name.padEnd(20)} ${asset.cid}`)
  console.log(`  ${''.padEnd(20)} integrity ${show(verdict.integrity)} · anchor ${show(verdict.anchor)} · model ${show(verdict.model)}`)
}
say(`open ${demo.url} (Ctrl-C stops everything)`)
