// The 402 body: how to pay, in the spirit of x402's payment requirements.
import { buyLicenseCall } from '../../../pkg/workerd.js'

/**
 * A 402 body for `key` (its anchor `record`): the license to buy (chain, registry, price,
 * creator, the `buyLicense` transaction) and the permit to sign afterwards.
 */
export function paymentRequired (config, key, record, error, message) {
  const call = buyLicenseCall({ registry: config.registry, key, price: record.price })
  return {
    error,
    message,
    accepts: [{
      scheme: 'proofmark-license',
      chainId: config.chainId,
      registry: config.registry,
      key,
      price: record.price,
      creator: record.creator,
      buyLicense: { to: call.to, data: call.data, value: call.value.toString() }
    }],
    permit: {
      header: 'Authorization: Proofmark-Permit <base64url(JSON)>',
      domain: { name: 'Proofmark Gate', version: '1', chainId: config.chainId, verifyingContract: config.registry },
      primaryType: 'Permit',
      audience: config.audience
    }
  }
}
