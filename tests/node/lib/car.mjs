// Reading a CAR in file order.
import { CarBlockIterator } from '@ipld/car/iterator'

/** @returns {{version: number, roots: string[], blocks: {cid: string, bytes: Uint8Array}[]}} */
export async function readCar (bytes) {
  const car = await CarBlockIterator.fromBytes(bytes)
  const roots = (await car.getRoots()).map(String)
  const blocks = []
  for await (const { cid, bytes } of car) blocks.push({ cid: cid.toString(), bytes })
  return { version: car.version, roots, blocks }
}
