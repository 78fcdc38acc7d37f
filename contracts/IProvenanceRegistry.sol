// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The Proofmark provenance registry, as seen from outside.
/// @notice One record per content key (SHA-256 of the content bytes), anchored with a
/// Groth16 proof that an audited model's key attested the key for the caller.
/// The Rust core and the JavaScript SDK read this same file, so it is the ABI's one source.
interface IProvenanceRegistry {
    /// The caller is not the auditor.
    error NotAuditor();
    /// The root was published before (roots are published once, never re-published).
    error RootAlreadyPublished(bytes32 root);
    /// The root was never published by the auditor.
    error RootNotPublished(bytes32 root);
    /// The root was revoked; no new anchors may use it.
    error RevokedRoot(bytes32 root);
    /// A public input is not below the BN254 scalar field modulus.
    error NotAFieldElement(bytes32 value);
    /// The key already has a record; records are immutable.
    error AlreadyAnchored(bytes32 key);
    /// The key has no record.
    error NotAnchored(bytes32 key);
    /// The parent key has no record, or is the key itself.
    error InvalidParent(bytes32 parentKey);
    /// A royalty share above 10000 basis points, or a royalty without a parent.
    error InvalidRoyalty(uint16 royaltyBps);
    /// The Groth16 proof does not verify for these public inputs.
    error InvalidProof();
    /// `buyLicense` was sent a value other than the record's price.
    error WrongPayment(uint256 expected, uint256 sent);
    /// The holder already has a license for the key.
    error AlreadyLicensed(bytes32 key, address holder);
    /// `withdraw` with no credit.
    error NothingToWithdraw();
    /// The withdrawal transfer failed; the credit is kept.
    error WithdrawFailed();

    /// The auditor published a registry root; `index` is what records store.
    event RootPublished(bytes32 indexed root, uint32 index);
    /// The auditor revoked a registry root.
    event RootRevoked(bytes32 indexed root);
    /// A content key was anchored. The proof was checked with the public inputs
    /// [root, hi128(key), lo128(key), modelTag, uint160(creator)]: key and creator are
    /// topics, root and modelTag are here (logs cost gas per byte, so nothing is repeated).
    /// `cidHash` = keccak256(bytes(cid)), so a locator CID finds its record with one log query.
    event Anchored(
        bytes32 indexed key,
        address indexed creator,
        bytes32 indexed cidHash,
        bytes32 root,
        bytes32 modelTag,
        bytes32 parentKey,
        uint256[8] proof,
        string cid,
        string uri
    );
    /// `holder` bought a license for `key` at `price` wei.
    event Licensed(bytes32 indexed key, address indexed holder, uint256 price);
    /// `account` withdrew `amount` wei of credit.
    event Withdrawn(address indexed account, uint256 amount);

    /// keccak256 over the verification key's 26 words in EVM limb order (DESIGN §5).
    function vkHash() external view returns (bytes32);
    /// The address allowed to publish and revoke roots.
    function auditor() external view returns (address);
    /// Publishes a registry root (auditor only).
    function publishRoot(bytes32 root) external;
    /// Revokes a published root (auditor only), recording the block.
    function revokeRoot(bytes32 root) external;
    /// A root's index (0 = never published), publication block and revocation block (0 = live).
    function rootState(bytes32 root) external view returns (uint32 index, uint64 publishedAt, uint64 revokedAt);
    /// The root published under `index` (zero when none).
    function rootAt(uint32 index) external view returns (bytes32);
    /// Anchors `key` for the caller. `proof` is [a.x, a.y, b.x.c1, b.x.c0, b.y.c1, b.y.c0, c.x, c.y].
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
    ) external;
    /// The record for `key`; reverts with `NotAnchored` when there is none.
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
        );
    /// Buys a license for the caller, paying exactly the record's price.
    function buyLicense(bytes32 key) external payable;
    /// Whether `holder` holds a license for `key`.
    function hasLicense(bytes32 key, address holder) external view returns (bool);
    /// Wei credited to `account` and not yet withdrawn.
    function credits(address account) external view returns (uint256);
    /// Sends the caller's whole credit to the caller.
    function withdraw() external;
}
