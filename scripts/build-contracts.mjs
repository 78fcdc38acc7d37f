// Compiles contracts/ProvenanceRegistry.sol (and the test doubles in contracts/test/) with
// npm `solc` (the version pinned in tests/package-lock.json) and writes their artifacts to
// contracts/artifacts/. `--check` compiles and fails when a committed artifact differs
// from the fresh build. The registry also gets `ProvenanceRegistry.runtime.json`: its
// runtime code and immutables alone, minified, which is all a verifier checks on-chain
// code against (the core and the SDK's .wasm embed it, not the whole artifact).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "tests", "package.json"));
const solc = require("solc");

const contractsDir = join(root, "contracts");
const sources = ["IProvenanceRegistry.sol", "ProvenanceRegistry.sol", "test/RejectingCreator.sol", "test/OwnerWallet.sol"];
// [source, contract, artifact file, runtime-only file or null]
const contracts = [
  ["ProvenanceRegistry.sol", "ProvenanceRegistry", "ProvenanceRegistry.json", "ProvenanceRegistry.runtime.json"],
  ["test/RejectingCreator.sol", "RejectingCreator", "test/RejectingCreator.json", null],
  ["test/OwnerWallet.sol", "OwnerWallet", "test/OwnerWallet.json", null],
];
const settings = {
  optimizer: { enabled: true, runs: 10_000 },
  viaIR: true,
  evmVersion: "cancun",
  metadata: { bytecodeHash: "none", appendCBOR: false },
  outputSelection: {
    "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "evm.deployedBytecode.immutableReferences"], "": ["ast"] },
  },
};

const input = {
  language: "Solidity",
  sources: Object.fromEntries(sources.map((name) => [name, { content: readFileSync(join(contractsDir, name), "utf8") }])),
  settings,
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const problems = (output.errors ?? []).filter((e) => e.severity === "error" || e.type === "Warning");
if (problems.length > 0) {
  for (const problem of problems) console.error(problem.formattedMessage);
  process.exit(1);
}
const outputs = [];
for (const [source, name, file, runtimeFile] of contracts) {
  const contract = output.contracts[source][name];
  // Immutables by name: where the runtime code holds each (the deploy fills them in), so a
  // verifier can check on-chain code against this build and read the vkHash from it.
  const names = {};
  const walk = (node) => {
    if (node && typeof node === "object") {
      if (node.nodeType === "VariableDeclaration" && node.mutability === "immutable") names[node.id] = node.name;
      for (const value of Object.values(node)) walk(value);
    }
  };
  walk(output.sources[source].ast);
  const immutables = Object.fromEntries(
    Object.entries(contract.evm.deployedBytecode.immutableReferences ?? {})
      .map(([id, refs]) => [names[id], refs.map(({ start, length }) => [start, length])])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const artifact = {
    contractName: name,
    compiler: { name: "solc", version: solc.version(), settings: { optimizer: settings.optimizer, viaIR: settings.viaIR, evmVersion: settings.evmVersion } },
    abi: contract.abi,
    bytecode: `0x${contract.evm.bytecode.object}`,
    deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
    immutables,
  };
  outputs.push([file, `${JSON.stringify(artifact, null, 2)}\n`]);
  if (runtimeFile) {
    outputs.push([runtimeFile, `${JSON.stringify({ deployedBytecode: artifact.deployedBytecode, immutables })}\n`]);
  }
}
let stale = false;
for (const [file, text] of outputs) {
  const artifactPath = join(contractsDir, "artifacts", file);
  if (process.argv.includes("--check")) {
    let committed = "";
    try {
      committed = readFileSync(artifactPath, "utf8");
    } catch {
      committed = "";
    }
    if (committed !== text) {
      console.error(`contracts/artifacts/${file} differs from a fresh build: run node scripts/build-contracts.mjs and commit`);
      stale = true;
    }
  } else {
    mkdirSync(dirname(artifactPath), { recursive: true });
    writeFileSync(artifactPath, text);
    console.log(`wrote contracts/artifacts/${file} (${text.length} bytes)`);
  }
}
if (stale) process.exit(1);
if (process.argv.includes("--check")) console.log("contract artifacts are current");
