// Compiles contracts/ProvenanceRegistry.sol with npm `solc` (the version pinned in
// tests/package-lock.json) and writes contracts/artifacts/ProvenanceRegistry.json.
// `--check` compiles and fails when the committed artifact differs from the fresh build.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "tests", "package.json"));
const solc = require("solc");

const contractsDir = join(root, "contracts");
const artifactPath = join(contractsDir, "artifacts", "ProvenanceRegistry.json");
const sources = ["IProvenanceRegistry.sol", "ProvenanceRegistry.sol"];
const settings = {
  optimizer: { enabled: true, runs: 10_000 },
  viaIR: true,
  evmVersion: "cancun",
  metadata: { bytecodeHash: "none", appendCBOR: false },
  outputSelection: { "ProvenanceRegistry.sol": { ProvenanceRegistry: ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
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
const contract = output.contracts["ProvenanceRegistry.sol"].ProvenanceRegistry;
const artifact = {
  contractName: "ProvenanceRegistry",
  compiler: { name: "solc", version: solc.version(), settings: { optimizer: settings.optimizer, viaIR: settings.viaIR, evmVersion: settings.evmVersion } },
  abi: contract.abi,
  bytecode: `0x${contract.evm.bytecode.object}`,
  deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
};
const text = `${JSON.stringify(artifact, null, 2)}\n`;

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(artifactPath, "utf8");
  } catch {
    console.error(`missing ${artifactPath}: run node scripts/build-contracts.mjs`);
    process.exit(1);
  }
  if (committed !== text) {
    console.error("contracts/artifacts/ProvenanceRegistry.json differs from a fresh build: run node scripts/build-contracts.mjs and commit");
    process.exit(1);
  }
  console.log("contract artifact is current");
} else {
  mkdirSync(dirname(artifactPath), { recursive: true });
  writeFileSync(artifactPath, text);
  console.log(`wrote ${artifactPath} (${(contract.evm.deployedBytecode.object.length / 2)} bytes runtime)`);
}
