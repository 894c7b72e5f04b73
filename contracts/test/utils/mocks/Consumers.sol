// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {IVerityConsumer} from "../../../src/interfaces/IVerityConsumer.sol";

/// @notice Records what the market passed and how much gas it got.
contract RecordingConsumer is IVerityConsumer {
    uint256 public calls;
    uint256 public lastJobId;
    bytes32 public lastOutputHash;
    bytes public lastOutput;
    uint256 public gasAtEntry;
    address public lastCaller;
    address public lastRequester;

    function onVerityResult(uint256 jobId, address requester, bytes32 outputHash, bytes calldata output) external {
        uint256 g = gasleft();
        gasAtEntry = g;
        ++calls;
        lastJobId = jobId;
        lastRequester = requester;
        lastOutputHash = outputHash;
        lastOutput = output;
        lastCaller = msg.sender;
    }
}

/// @notice Measures the gas it was given and does nothing else: the first SSTORE is all it needs,
/// so it succeeds whenever it got at least ~25K gas.
contract GasMeterConsumer is IVerityConsumer {
    uint256 public gasAtEntry;

    function onVerityResult(uint256, address, bytes32, bytes calldata) external {
        gasAtEntry = gasleft();
    }
}

/// @notice Burns every unit of gas it is given.
contract GasBurnerConsumer is IVerityConsumer {
    function onVerityResult(uint256, address, bytes32, bytes calldata) external pure {
        assembly ("memory-safe") {
            for {} 1 {} {}
        }
    }
}

/// @notice Answers with an enormous return or revert payload (a "return bomb").
contract PayloadBombConsumer is IVerityConsumer {
    bool public immutable reverts;
    uint256 public immutable size;

    constructor(bool reverts_, uint256 size_) {
        reverts = reverts_;
        size = size_;
    }

    function onVerityResult(uint256, address, bytes32, bytes calldata) external view {
        uint256 n = size;
        if (reverts) {
            assembly {
                revert(0, n)
            }
        }
        assembly {
            return(0, n)
        }
    }
}

/// @notice Tries to re-enter the market from inside its callback and records how each try ended.
contract ReentrantConsumer is IVerityConsumer {
    IJobMarket public immutable market;
    /// @notice Revert data of the re-entrant finalize, claim and reveal (empty when the call succeeded).
    bytes public finalizeError;
    bytes public claimError;
    bytes public revealError;
    bool public finalizeSucceeded;
    bool public claimSucceeded;
    bool public revealSucceeded;
    bool public called;
    bool public revertAfter;

    bytes32 private _traceRoot;
    uint256 private _revealJob;

    constructor(IJobMarket market_) {
        market = market_;
    }

    function configure(bytes32 traceRoot, uint256 revealJob, bool revertAfter_) external {
        _traceRoot = traceRoot;
        _revealJob = revealJob;
        revertAfter = revertAfter_;
    }

    function onVerityResult(uint256 jobId, address, bytes32 outputHash, bytes calldata output) external {
        called = true;
        (finalizeSucceeded, finalizeError) =
            address(market).call(abi.encodeCall(IJobMarket.finalize, (jobId, outputHash, _traceRoot, output)));
        (claimSucceeded, claimError) = address(market).call(abi.encodeCall(IJobMarket.claim, ()));
        (revealSucceeded, revealError) =
            address(market).call(abi.encodeCall(IJobMarket.revealBid, (_revealJob, 1, bytes32(0))));
        if (revertAfter) revert("reentered");
    }
}
