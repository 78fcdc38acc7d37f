// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IProvenanceRegistry} from "./IProvenanceRegistry.sol";

/// @title Proofmark provenance registry
/// @notice Anchors content keys (SHA-256 of the content bytes) with a Groth16/BN254 proof of
/// the model-attest statement, sells licenses with pull payments, and keeps the auditor's
/// registry roots. The verification key is supplied at deploy and held in immutables.
///
/// Storage layout (stable; proven reads depend on it):
///   slot 0  mapping(bytes32 key => Record) records; a Record is 4 words at keccak256(key . 0):
///             +0 head  = creator (bits 0..159) | anchor block uint64 (160..223) | root index uint32 (224..255)
///             +1 modelTag
///             +2 parentKey (written only when non-zero)
///             +3 terms = price uint128 (bits 0..127) | royaltyBps uint16 (128..143) (written only when non-zero)
///   slot 1  mapping(bytes32 root => uint256) rootState at keccak256(root . 1):
///             index uint32 (bits 0..31) | publishedAt uint64 (32..95) | revokedAt uint64 (96..159)
///   slot 2  mapping(uint256 index => bytes32 root) at keccak256(index . 2)
///   slot 3  mapping(bytes32 key => mapping(address => bool)) licenses at keccak256(holder . keccak256(key . 3))
///   slot 4  mapping(address => uint256) credits (wei owed, pulled with withdraw())
///   slot 5  uint32 rootCount
contract ProvenanceRegistry is IProvenanceRegistry {
    /// BN254 scalar field modulus r: public inputs must be below it.
    uint256 internal constant SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// BN254 base field modulus q.
    uint256 internal constant BASE_FIELD =
        21888242871839275222246405745257275088696311157297823662689037894645226208583;
    uint256 internal constant LOW_128 = type(uint128).max;
    uint256 internal constant MAX_ROYALTY_BPS = 10_000;

    struct Record {
        uint256 head;
        bytes32 modelTag;
        bytes32 parentKey;
        uint256 terms;
    }

    mapping(bytes32 => Record) internal _records;
    mapping(bytes32 => uint256) internal _rootState;
    mapping(uint256 => bytes32) internal _rootAt;
    mapping(bytes32 => mapping(address => bool)) internal _licensed;
    mapping(address => uint256) internal _credits;
    uint32 internal _rootCount;

    /// @inheritdoc IProvenanceRegistry
    address public immutable auditor;
    /// @inheritdoc IProvenanceRegistry
    bytes32 public immutable vkHash;

    // The verification key, one word per immutable (G2 coordinates imaginary part first).
    uint256 internal immutable ALPHA_X;
    uint256 internal immutable ALPHA_Y;
    uint256 internal immutable BETA_X1;
    uint256 internal immutable BETA_X0;
    uint256 internal immutable BETA_Y1;
    uint256 internal immutable BETA_Y0;
    uint256 internal immutable GAMMA_X1;
    uint256 internal immutable GAMMA_X0;
    uint256 internal immutable GAMMA_Y1;
    uint256 internal immutable GAMMA_Y0;
    uint256 internal immutable DELTA_X1;
    uint256 internal immutable DELTA_X0;
    uint256 internal immutable DELTA_Y1;
    uint256 internal immutable DELTA_Y0;
    uint256 internal immutable IC0_X;
    uint256 internal immutable IC0_Y;
    uint256 internal immutable IC1_X;
    uint256 internal immutable IC1_Y;
    uint256 internal immutable IC2_X;
    uint256 internal immutable IC2_Y;
    uint256 internal immutable IC3_X;
    uint256 internal immutable IC3_Y;
    uint256 internal immutable IC4_X;
    uint256 internal immutable IC4_Y;
    uint256 internal immutable IC5_X;
    uint256 internal immutable IC5_Y;

    /// @param vk the 26 words of the verification key in vkHash order: alpha (x, y), beta,
    /// gamma, delta (each x.c1, x.c0, y.c1, y.c0), IC[0..5] (x, y).
    /// @param auditor_ the auditor; zero means the deployer.
    constructor(uint256[26] memory vk, address auditor_) {
        auditor = auditor_ == address(0) ? msg.sender : auditor_;
        vkHash = keccak256(abi.encodePacked(vk));
        ALPHA_X = vk[0];
        ALPHA_Y = vk[1];
        BETA_X1 = vk[2];
        BETA_X0 = vk[3];
        BETA_Y1 = vk[4];
        BETA_Y0 = vk[5];
        GAMMA_X1 = vk[6];
        GAMMA_X0 = vk[7];
        GAMMA_Y1 = vk[8];
        GAMMA_Y0 = vk[9];
        DELTA_X1 = vk[10];
        DELTA_X0 = vk[11];
        DELTA_Y1 = vk[12];
        DELTA_Y0 = vk[13];
        IC0_X = vk[14];
        IC0_Y = vk[15];
        IC1_X = vk[16];
        IC1_Y = vk[17];
        IC2_X = vk[18];
        IC2_Y = vk[19];
        IC3_X = vk[20];
        IC3_Y = vk[21];
        IC4_X = vk[22];
        IC4_Y = vk[23];
        IC5_X = vk[24];
        IC5_Y = vk[25];
    }

    modifier onlyAuditor() {
        if (msg.sender != auditor) revert NotAuditor();
        _;
    }

    /// @inheritdoc IProvenanceRegistry
    function publishRoot(bytes32 root) external onlyAuditor {
        if (uint256(root) >= SCALAR_FIELD) revert NotAFieldElement(root);
        if (_rootState[root] != 0) revert RootAlreadyPublished(root);
        uint32 index = ++_rootCount;
        _rootState[root] = uint256(index) | (block.number << 32);
        _rootAt[index] = root;
        emit RootPublished(root, index);
    }

    /// @inheritdoc IProvenanceRegistry
    function revokeRoot(bytes32 root) external onlyAuditor {
        uint256 state = _rootState[root];
        if (state == 0) revert RootNotPublished(root);
        if (state >> 96 != 0) revert RevokedRoot(root);
        _rootState[root] = state | (block.number << 96);
        emit RootRevoked(root);
    }

    /// @inheritdoc IProvenanceRegistry
    function rootState(bytes32 root) external view returns (uint32 index, uint64 publishedAt, uint64 revokedAt) {
        uint256 state = _rootState[root];
        return (uint32(state), uint64(state >> 32), uint64(state >> 96));
    }

    /// @inheritdoc IProvenanceRegistry
    function rootAt(uint32 index) external view returns (bytes32) {
        return _rootAt[index];
    }

    /// @inheritdoc IProvenanceRegistry
    function anchor(
        bytes32 key,
        bytes32 modelTag,
        bytes32 root,
        uint256[8] calldata proof,
        bytes32 parentKey,
        uint128 price,
        uint16 royaltyBps,
        string calldata cid,
        string calldata uri
    ) external {
        Record storage record = _records[key];
        if (record.head != 0) revert AlreadyAnchored(key);
        uint256 state = _rootState[root];
        if (state == 0) revert RootNotPublished(root);
        if (state >> 96 != 0) revert RevokedRoot(root);
        if (uint256(modelTag) >= SCALAR_FIELD) revert NotAFieldElement(modelTag);
        if (parentKey != 0 && (parentKey == key || _records[parentKey].head == 0)) revert InvalidParent(parentKey);
        if (royaltyBps > MAX_ROYALTY_BPS || (royaltyBps != 0 && parentKey == 0)) revert InvalidRoyalty(royaltyBps);

        if (!_verifyProof(proof, [uint256(root), uint256(key) >> 128, uint256(key) & LOW_128, uint256(modelTag), uint256(uint160(msg.sender))])) {
            revert InvalidProof();
        }

        record.head = uint256(uint160(msg.sender)) | (block.number << 160) | ((state & 0xffffffff) << 224);
        record.modelTag = modelTag;
        if (parentKey != 0) record.parentKey = parentKey;
        if (price != 0 || royaltyBps != 0) record.terms = uint256(price) | (uint256(royaltyBps) << 128);
        emit Anchored(key, msg.sender, keccak256(bytes(cid)), root, modelTag, parentKey, proof, cid, uri);
    }

    /// @inheritdoc IProvenanceRegistry
    function recordOf(bytes32 key)
        external
        view
        returns (
            address creator,
            uint64 blockNumber,
            bytes32 root,
            bytes32 modelTag,
            bytes32 parentKey,
            uint128 price,
            uint16 royaltyBps
        )
    {
        Record storage record = _records[key];
        uint256 head = record.head;
        if (head == 0) revert NotAnchored(key);
        uint256 terms = record.terms;
        return (
            address(uint160(head)),
            uint64(head >> 160),
            _rootAt[head >> 224],
            record.modelTag,
            record.parentKey,
            uint128(terms),
            uint16(terms >> 128)
        );
    }

    /// @inheritdoc IProvenanceRegistry
    function buyLicense(bytes32 key) external payable {
        Record storage record = _records[key];
        uint256 head = record.head;
        if (head == 0) revert NotAnchored(key);
        if (_licensed[key][msg.sender]) revert AlreadyLicensed(key, msg.sender);
        uint256 terms = record.terms;
        uint256 price = uint128(terms);
        if (msg.value != price) revert WrongPayment(price, msg.value);
        _licensed[key][msg.sender] = true;
        if (price != 0) {
            uint256 royalty;
            uint256 royaltyBps = uint16(terms >> 128);
            if (royaltyBps != 0) {
                // Credited, never sent: a parent creator that rejects payments cannot block sales.
                royalty = (price * royaltyBps) / MAX_ROYALTY_BPS;
                _credits[address(uint160(_records[record.parentKey].head))] += royalty;
            }
            _credits[address(uint160(head))] += price - royalty;
        }
        emit Licensed(key, msg.sender, price);
    }

    /// @inheritdoc IProvenanceRegistry
    function hasLicense(bytes32 key, address holder) external view returns (bool) {
        return _licensed[key][holder];
    }

    /// @inheritdoc IProvenanceRegistry
    function credits(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IProvenanceRegistry
    function withdraw() external {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        _credits[msg.sender] = 0;
        (bool sent,) = msg.sender.call{value: amount}("");
        if (!sent) revert WithdrawFailed();
        emit Withdrawn(msg.sender, amount);
    }

    /// Groth16 check e(-A, B) · e(alpha, beta) · e(vk_x, gamma) · e(C, delta) = 1 with the
    /// EVM's BN254 precompiles (0x06 add, 0x07 mul, 0x08 pairing). Malformed points make a
    /// precompile fail, which reads as an invalid proof.
    function _verifyProof(uint256[8] calldata proof, uint256[5] memory inputs) internal view returns (bool valid) {
        // A is negated here, so its coordinates must be canonical; the pairing checks the rest.
        if (proof[0] >= BASE_FIELD || proof[1] >= BASE_FIELD) return false;
        uint256[24] memory pairing;
        (bool ok, uint256 x, uint256 y) = (true, IC0_X, IC0_Y);
        (ok, x, y) = _mulAdd(ok, x, y, IC1_X, IC1_Y, inputs[0]);
        (ok, x, y) = _mulAdd(ok, x, y, IC2_X, IC2_Y, inputs[1]);
        (ok, x, y) = _mulAdd(ok, x, y, IC3_X, IC3_Y, inputs[2]);
        (ok, x, y) = _mulAdd(ok, x, y, IC4_X, IC4_Y, inputs[3]);
        (ok, x, y) = _mulAdd(ok, x, y, IC5_X, IC5_Y, inputs[4]);
        if (!ok) return false;
        pairing[0] = proof[0];
        pairing[1] = (BASE_FIELD - proof[1]) % BASE_FIELD;
        pairing[2] = proof[2];
        pairing[3] = proof[3];
        pairing[4] = proof[4];
        pairing[5] = proof[5];
        pairing[6] = ALPHA_X;
        pairing[7] = ALPHA_Y;
        pairing[8] = BETA_X1;
        pairing[9] = BETA_X0;
        pairing[10] = BETA_Y1;
        pairing[11] = BETA_Y0;
        pairing[12] = x;
        pairing[13] = y;
        pairing[14] = GAMMA_X1;
        pairing[15] = GAMMA_X0;
        pairing[16] = GAMMA_Y1;
        pairing[17] = GAMMA_Y0;
        pairing[18] = proof[6];
        pairing[19] = proof[7];
        pairing[20] = DELTA_X1;
        pairing[21] = DELTA_X0;
        pairing[22] = DELTA_Y1;
        pairing[23] = DELTA_Y0;
        assembly ("memory-safe") {
            let out := mload(0x40)
            ok := staticcall(gas(), 0x08, pairing, 768, out, 0x20)
            valid := and(ok, eq(mload(out), 1))
        }
    }

    /// (x, y) + scalar · (px, py), skipping the multiplication for a zero scalar.
    function _mulAdd(bool okIn, uint256 x, uint256 y, uint256 px, uint256 py, uint256 scalar)
        private
        view
        returns (bool ok, uint256 rx, uint256 ry)
    {
        if (!okIn) return (false, x, y);
        if (scalar == 0) return (true, x, y);
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, px)
            mstore(add(m, 0x20), py)
            mstore(add(m, 0x40), scalar)
            ok := staticcall(gas(), 0x07, m, 0x60, add(m, 0x40), 0x40)
            mstore(m, x)
            mstore(add(m, 0x20), y)
            ok := and(ok, staticcall(gas(), 0x06, m, 0x80, m, 0x40))
            rx := mload(m)
            ry := mload(add(m, 0x20))
        }
    }
}
