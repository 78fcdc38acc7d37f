// permitTypedData and buyLicenseCall against ethers (the EIP-712 digest of DESIGN §7's
// type string, the ABI of contracts/artifacts): what wallets sign and send.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { ethers } from 'ethers'

import * as pm from '../../pkg/index.js'
import { repoRoot } from './lib/cli.mjs'

const fields = {
  chainId: 31337,
  registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  key: '0x' + 'ab'.repeat(32),
  buyer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  audience: 'https://gate.example',
  expires: 1900000000,
  nonce: '0x' + '01'.repeat(32)
}

test('permitTypedData hashes like DESIGN §7\'s type string (ethers TypedDataEncoder)', () => {
  const data = pm.permitTypedData(fields)
  assert.equal(data.primaryType, 'Permit')
  assert.equal(ethers.utils._TypedDataEncoder.from(data.types).encodeType('Permit'),
    'Permit(bytes32 key,address buyer,string audience,uint64 expires,bytes32 nonce)')
  const digest = ethers.utils._TypedDataEncoder.hash(data.domain, data.types, data.message)
  // The same digest from the fields written out by hand.
  const domain = { name: 'Proofmark Gate', version: '1', chainId: 31337, verifyingContract: fields.registry }
  const types = { Permit: [['key', 'bytes32'], ['buyer', 'address'], ['audience', 'string'], ['expires', 'uint64'], ['nonce', 'bytes32']].map(([name, type]) => ({ name, type })) }
  assert.equal(digest, ethers.utils._TypedDataEncoder.hash(domain, types, { ...fields }))
  assert.equal(data.message.expires, 1900000000n)
  for (const [name, bad] of [['key', '0x12'], ['buyer', 'bob'], ['expires', -1], ['expires', 2n ** 64n], ['audience', ''], ['registry', undefined]]) {
    assert.throws(() => pm.permitTypedData({ ...fields, [name]: bad }), (e) => e instanceof Error && e.code === 'invalid-argument', name)
  }
})

test('buyLicenseCall encodes buyLicense(bytes32) of the registry ABI, price as value', () => {
  const { abi } = JSON.parse(readFileSync(join(repoRoot, 'contracts/artifacts/ProvenanceRegistry.json'), 'utf8'))
  const iface = new ethers.utils.Interface(abi)
  const call = pm.buyLicenseCall({ registry: fields.registry, key: fields.key, price: '1000000000000000000' })
  assert.equal(call.data, iface.encodeFunctionData('buyLicense', [fields.key]))
  assert.equal(call.to, fields.registry)
  assert.equal(call.value, 10n ** 18n)
  assert.throws(() => pm.buyLicenseCall({ registry: fields.registry, key: fields.key, price: -1n }), (e) => e.code === 'invalid-argument')
})
