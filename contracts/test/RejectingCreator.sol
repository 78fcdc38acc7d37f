// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Test double: a creator account that is a contract refusing every payment.
/// @notice Forwards calls (so it can anchor and withdraw) and reverts on receiving ether,
/// to show that a parent creator like this cannot block license sales.
contract RejectingCreator {
    /// Calls `target` with `data`, bubbling up a revert.
    function forward(address target, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory out) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(out, 32), mload(out))
            }
        }
        return out;
    }

    receive() external payable {
        revert("payments refused");
    }
}
