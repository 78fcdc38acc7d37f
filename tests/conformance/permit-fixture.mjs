// A permit signed once with viem 2.57.20 (tests/node_modules), pasted here so that every
// runtime checks the same bytes:
//   const buyer = privateKeyToAccount(ACCOUNTS[1][1])   // anvil's account 1
//   const typed = pm.permitTypedData({ chainId: 31337, registry, key: 0xab…ab, buyer: buyer.address,
//     audience: 'https://gate.example', expires: 1900000000n, nonce: 0x01…01 })
//   signature = await buyer.signTypedData(typed); digest = hashTypedData(typed)
//   header = 'Proofmark-Permit ' + Buffer.from(JSON.stringify(permit)).toString('base64url')
// The receipt over it is signed with the dev key 0x42…42: RFC 6979 makes the signature
// deterministic, and viem's signTypedData with that key gives the same bytes
// (tests/node/sdk-permit.test.mjs checks both against viem).
export const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
export const chainId = 31337
export const audience = 'https://gate.example'

export const permit = {
  key: '0x' + 'ab'.repeat(32),
  buyer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  audience,
  expires: '1900000000',
  nonce: '0x' + '01'.repeat(32),
  signature: '0x1e249d2cdd4ec38fb6ac6cf4123e6cdc780c11f174c545c173c45e17b2509dd93f08d1e6c0aafb1fc76ebf2f185a65175a8e4146282f58e973588829e683631c1b'
}

export const header = 'Proofmark-Permit eyJrZXkiOiIweGFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWIiLCJidXllciI6IjB4NzA5OTc5NzBDNTE4MTJkYzNBMDEwQzdkMDFiNTBlMGQxN2RjNzlDOCIsImF1ZGllbmNlIjoiaHR0cHM6Ly9nYXRlLmV4YW1wbGUiLCJleHBpcmVzIjoiMTkwMDAwMDAwMCIsIm5vbmNlIjoiMHgwMTAxMDEwMTAxMDEwMTAxMDEwMTAxMDEwMTAxMDEwMTAxMDEwMTAxMDEwMTAxMDEwMTAxMDEwMTAxMDEwMTAxIiwic2lnbmF0dXJlIjoiMHgxZTI0OWQyY2RkNGVjMzhmYjZhYzZjZjQxMjNlNmNkYzc4MGMxMWYxNzRjNTQ1YzE3M2M0NWUxN2IyNTA5ZGQ5M2YwOGQxZTZjMGFhZmIxZmM3NmViZjJmMTg1YTY1MTc1YThlNDE0NjI4MmY1OGU5NzM1ODg4MjllNjgzNjMxYzFiIn0'

/** viem's hashTypedData of the permit. */
export const digest = '0xc514d601278c6e39bf05c35e028840ae6a8cbf92eecee81230da8fa7a825150e'

/** The same signer's high-s twin: s → n − s, v 27 → 28. */
export const highSSignature = '0x1e249d2cdd4ec38fb6ac6cf4123e6cdc780c11f174c545c173c45e17b2509dd9c0f72e193f5504e0389140d0e7a59ae760209ba0871947524c79d662e9b2de251c'

/** The receipt for the permit, signed with the dev key 0x42…42. */
export const receipt = { key: permit.key, buyer: permit.buyer, permitDigest: digest, bytes: 1048576n, anchorBlock: 42n }
export const workerKey = '0x' + '42'.repeat(32)
export const worker = '0x17c5185167401eD00cF5F5b2fc97D9BBfDb7D025'
export const receiptDigest = '0x49117371b14969434bbc927a9e8f41d70ca388b4771197a475e61dc3cba7ff89'
export const receiptSignature = '0x6110a682eab10118b93ab8351f5eb9a1da7dc7c40a4a3b0973aa9a21bf4b114e0c461f37cf9bdc1ed1fef7c664884b0dbdaefa7a0e896a752755d2fa714dcd1f1b'
