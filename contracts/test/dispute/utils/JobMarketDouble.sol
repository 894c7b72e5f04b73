// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {IAskBook} from "../../../src/interfaces/IAskBook.sol";
import {JobStatus} from "../../../src/types/JobStatus.sol";

/// @notice A stand-in for the job market, for testing the dispute game alone: it holds jobs set by
/// the test and implements the two calls the game makes (`openDispute`, `resolveDispute`) with the
/// semantics of IJobMarket (disputes side by side until the fixed challenge deadline, counted per
/// round; `Submitted` again when the provider won the last one; a lost dispute rejects the result,
/// or with `reauction` opens the next round; a dispute of an ended round changes nothing and
/// returns false). A lost dispute pays the game a reward pot (`setRewardPot`) out of the double's
/// own token balance and reports the round's open disputes as its shares, as the real market does;
/// `setPotOverstatement` makes it report more than it sent. Everything else reverts. The real market
/// runs against the real game in contracts/test/dispute/RealMarket.t.sol.
contract JobMarketDouble is IJobMarket {
    error JobMarketDoubleNotImplemented();

    address public game;
    uint256 public jobCount;
    mapping(uint256 jobId => Job) private _jobs;
    /// @notice A lost dispute re-auctions the job (next round, `Bidding`) instead of rejecting it.
    bool public reauction;

    /// @notice What the game last passed to `resolveDispute`, what it returned, and how often it was called.
    struct Resolution {
        uint256 jobId;
        bool providerWon;
        address challenger;
        uint8 round;
        bool applied;
    }

    Resolution public lastResolution;
    uint256 public resolveCount;
    uint256 public openCount;
    /// @notice Off in gas measurements, so that the double's own bookkeeping is not counted.
    bool public recording = true;
    /// @notice Token and amount sent to the game on each conviction (none while the token is unset).
    IERC20 public potToken;
    uint256 public potAmount;
    /// @notice Added to the pot the double reports, beyond what it sends (a market that lies).
    uint256 public potOverstatement;

    function setRewardPot(IERC20 token, uint256 amount) external {
        potToken = token;
        potAmount = amount;
    }

    function setPotOverstatement(uint256 extra) external {
        potOverstatement = extra;
    }

    function setRecording(bool recording_) external {
        recording = recording_;
    }

    function setGame(address game_) external {
        game = game_;
    }

    function setReauction(bool reauction_) external {
        reauction = reauction_;
    }

    /// @notice Create a job whose result is submitted and challengeable for `window` seconds.
    function submitJob(
        address provider,
        uint32 modelId,
        bytes32 inputHash,
        bytes32 outputHash,
        bytes32 traceRoot,
        uint256 window
    ) external returns (uint256 jobId) {
        jobId = ++jobCount;
        Job storage job = _jobs[jobId];
        job.requester = address(0xBEEF);
        job.modelId = modelId;
        job.status = JobStatus.Submitted;
        job.provider = provider;
        job.deadline = uint32(block.timestamp + window);
        job.inputHash = inputHash;
        job.resultHash = keccak256(abi.encodePacked(outputHash, traceRoot));
    }

    function setStatus(uint256 jobId, JobStatus status) external {
        _jobs[jobId].status = status;
    }

    /// @notice A new result for the job's current round (after a re-auction), challengeable for `window` seconds.
    function resubmit(uint256 jobId, address provider, bytes32 outputHash, bytes32 traceRoot, uint256 window) external {
        Job storage job = _jobs[jobId];
        job.status = JobStatus.Submitted;
        job.provider = provider;
        job.deadline = uint32(block.timestamp + window);
        job.resultHash = keccak256(abi.encodePacked(outputHash, traceRoot));
    }

    // ---------------------------------------------------------------- what the game calls

    function getJob(uint256 jobId) external view returns (Job memory job) {
        if (_jobs[jobId].status == JobStatus.None) revert MarketUnknownJob(jobId);
        job = _jobs[jobId];
        job.commitCount = 0;
    }

    /// @dev The count lives in the stored job's `commitCount` (unused once a result is submitted), in
    /// the slot `openDispute` writes anyway, so that counting costs the game's gas measurements what
    /// it costs in the real market, which keeps it in the job's first slot too.
    function openDisputes(uint256 jobId) external view returns (uint256) {
        return _jobs[jobId].commitCount;
    }

    function openDispute(uint256 jobId) external returns (uint8 round) {
        if (msg.sender != game) revert MarketUnauthorized(msg.sender);
        Job storage job = _jobs[jobId];
        if (job.status != JobStatus.Submitted && job.status != JobStatus.Disputed) {
            revert MarketWrongStatus(jobId, job.status);
        }
        uint256 deadline = job.deadline;
        if (block.timestamp > deadline) revert MarketDeadlinePassed(jobId, deadline);
        job.status = JobStatus.Disputed;
        round = job.round;
        ++job.commitCount;
        if (recording) ++openCount;
        emit JobDisputed(jobId);
    }

    function resolveDispute(uint256 jobId, uint8 round, bool providerWon, address challenger)
        external
        returns (bool applied, uint256 rewardPot, uint256 rewardShares)
    {
        if (msg.sender != game) revert MarketUnauthorized(msg.sender);
        Job storage job = _jobs[jobId];
        applied = job.round == round && job.status == JobStatus.Disputed;
        if (recording) {
            lastResolution = Resolution(jobId, providerWon, challenger, round, applied);
            ++resolveCount;
        }
        if (!applied) return (false, 0, 0);
        if (providerWon) {
            if (--job.commitCount == 0) job.status = JobStatus.Submitted;
            emit DisputeRejected(jobId, job.deadline);
        } else {
            rewardShares = job.commitCount;
            job.commitCount = 0;
            if (reauction) {
                ++job.round;
                job.status = JobStatus.Bidding;
                job.provider = address(0);
                job.deadline = 0;
                job.resultHash = bytes32(0);
            } else {
                job.status = JobStatus.Rejected;
            }
            emit ResultRejected(jobId, job.provider, challenger, 0);
            if (address(potToken) != address(0)) {
                rewardPot = potAmount + potOverstatement;
                potToken.transfer(game, potAmount);
            }
        }
    }

    // ---------------------------------------------------------------- not needed by the game

    function postJob(JobRequest calldata, bytes calldata) external pure returns (uint256) {
        revert JobMarketDoubleNotImplemented();
    }

    function postJobWithUri(JobRequest calldata, string calldata, bytes32) external pure returns (uint256) {
        revert JobMarketDoubleNotImplemented();
    }

    function cancelJob(uint256) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function commitBid(uint256, bytes32) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function revealBid(uint256, uint256, bytes32) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function settleAuction(uint256) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function bidCommitment(uint256, uint8, address, uint256, bytes32) external pure returns (bytes32) {
        revert JobMarketDoubleNotImplemented();
    }

    function submitResult(uint256, bytes calldata, bytes32[] calldata) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function submitResultUri(uint256, string calldata, bytes32, bytes32[] calldata) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function finalize(uint256, bytes32, bytes32, bytes calldata) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function reportMissedDeadline(uint256) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function forfeitUnrevealedBid(uint256, uint8, address) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function missedDeadlines(address) external pure returns (uint256) {
        return 0;
    }

    function recordOf(address) external pure returns (ProviderRecord memory) {
        revert JobMarketDoubleNotImplemented();
    }

    function askBook() external pure returns (IAskBook) {
        revert JobMarketDoubleNotImplemented();
    }

    function postJobWithAsk(JobRequest calldata, bytes calldata, address) external pure returns (uint256) {
        revert JobMarketDoubleNotImplemented();
    }

    function batchFinalizer() external pure returns (address) {
        revert JobMarketDoubleNotImplemented();
    }

    function claim() external pure returns (uint256) {
        revert JobMarketDoubleNotImplemented();
    }

    function setPaused(bool) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function setGuardian(address) external pure {
        revert JobMarketDoubleNotImplemented();
    }

    function commitmentOf(uint256, address) external pure returns (bytes32) {
        revert JobMarketDoubleNotImplemented();
    }

    function claimable(address) external pure returns (uint256) {
        revert JobMarketDoubleNotImplemented();
    }
}
