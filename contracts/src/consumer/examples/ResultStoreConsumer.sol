// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IJobMarket} from "../../interfaces/IJobMarket.sol";
import {VerityConsumerBase} from "../VerityConsumerBase.sol";

/// @title Example consumer: posts its own jobs and stores their results
/// @notice A caller asks for an inference through `request`, paying the job's maximum price; the
/// contract posts the job as its own requester and naming itself as consumer, so that the base
/// accepts its result and nobody else's. Shows the pattern, not a product: unspent escrow and
/// liveness compensation are credited to this contract (the job's requester) and left to `owner`
/// to collect with `claimRefunds` and `sweep`.
contract ResultStoreConsumer is VerityConsumerBase {
    using SafeERC20 for IERC20;

    /// @notice Only the owner may do this.
    error ResultStoreNotOwner(address caller);

    /// @notice `caller` asked for job `jobId`, paying `maxPrice`.
    event InferenceRequested(uint256 indexed jobId, address indexed caller, uint256 maxPrice);
    /// @notice The result of job `jobId` was stored.
    event ResultStored(uint256 indexed jobId, bytes32 outputHash);

    struct Result {
        bytes32 outputHash;
        bytes output;
        bool done;
    }

    IERC20 public immutable paymentToken;
    address public immutable owner;

    /// @notice Who asked for each job.
    mapping(uint256 jobId => address caller) public askedBy;
    mapping(uint256 jobId => Result) private _results;

    /// @param paymentToken_ the market's payment token
    constructor(IJobMarket market_, IERC20 paymentToken_, address owner_) VerityConsumerBase(address(market_)) {
        paymentToken = paymentToken_;
        owner = owner_;
    }

    /// @notice Post a job for `input` as this contract's own, pulling `request.maxPrice` of the
    /// payment token from the caller (approve this contract first). The job's consumer is set to
    /// this contract whatever `request` says. Returns the job id.
    function request(IJobMarket.JobRequest memory jobRequest, bytes calldata input) external returns (uint256 jobId) {
        jobRequest.consumer = address(this);
        paymentToken.safeTransferFrom(msg.sender, address(this), jobRequest.maxPrice);
        paymentToken.forceApprove(market, jobRequest.maxPrice);
        jobId = IJobMarket(market).postJob(jobRequest, input);
        askedBy[jobId] = msg.sender;
        emit InferenceRequested(jobId, msg.sender, jobRequest.maxPrice);
    }

    /// @notice The stored result of `jobId` (`done` is false until the market delivered it).
    function resultOf(uint256 jobId) external view returns (Result memory) {
        return _results[jobId];
    }

    /// @notice Collect what the market credited to this contract (unspent escrow, refunds).
    function claimRefunds() external returns (uint256 amount) {
        if (msg.sender != owner) revert ResultStoreNotOwner(msg.sender);
        amount = IJobMarket(market).claim();
    }

    /// @notice Send this contract's whole balance of `token` to the owner.
    function sweep(IERC20 token) external {
        if (msg.sender != owner) revert ResultStoreNotOwner(msg.sender);
        token.safeTransfer(owner, token.balanceOf(address(this)));
    }

    function _onVerityResult(uint256 jobId, bytes32 outputHash, bytes calldata output) internal override {
        _results[jobId] = Result({outputHash: outputHash, output: output, done: true});
        emit ResultStored(jobId, outputHash);
    }
}
