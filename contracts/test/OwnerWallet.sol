// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Test double: a contract wallet with one owner key, speaking ERC-1271.
/// @notice Accepts a 65-byte signature `r || s || v` over `hash` made by its owner, the way
/// a smart-account buyer signs a permit; answers 0xffffffff for any other signer and
/// reverts on a signature of another length.
contract OwnerWallet {
    /// The key whose signatures the wallet accepts.
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    /// ERC-1271: `0x1626ba7e` when the owner signed `hash`.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        require(signature.length == 65, "signature length");
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}
