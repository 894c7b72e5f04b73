// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IAskBook} from "../interfaces/IAskBook.sol";
import {AskBook} from "./AskBook.sol";
import {BatchFinalizer} from "./BatchFinalizer.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IParameters} from "../interfaces/IParameters.sol";
import {IVerityConsumer} from "../interfaces/IVerityConsumer.sol";
import {JobStatus} from "../types/JobStatus.sol";
import {ModelKind} from "../types/ModelKind.sol";
import {PositionalMerkle} from "../libraries/PositionalMerkle.sol";

/// @title Job market
/// @notice Escrow, sealed-bid reverse auctions, result submission, the
/// optimistic challenge window and payout. The auction is first-price: the
/// winner is paid exactly its bid (see docs/protocol.md for why not
/// second-price). All payouts in the payment token are credited and pulled
/// with `claim`, so no recipient can block a job.
/// @dev Each job lives in six storage slots (see `JobSlots`); everything only the
/// indexer needs (input bytes, output bytes, URIs) is kept in events.
contract JobMarket is IJobMarket, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /* CONSTANTS */

    uint256 private constant BPS = 10_000;
    /// @notice Most gas a consumer callback may ask for.
    uint256 public constant MAX_CALLBACK_GAS = 2_000_000;
    /// @notice Gas kept back for the work after the callback returns.
    uint256 private constant CALLBACK_RESERVE = 10_000;
    /// @notice Auction rounds a job may go through before it is refunded instead of re-auctioned.
    uint8 public constant MAX_ROUNDS = 8;
    /// @notice Most doublings of the liveness slash for deadlines missed in a row: 2^14 > 10_000, so
    /// at the cap any nonzero `livenessSlashBps` takes the whole collateral.
    uint256 public constant MISSED_DEADLINE_EXPONENT_CAP = 14;
    /// @dev The stored reliability floor: the least reliability in bps (<= 10_000 < 2^14) in the low
    /// bits, and this bit for "never convicted".
    uint16 private constant FLOOR_NO_CONVICTION = 1 << 15;

    /* IMMUTABLES */

    IERC20 public immutable paymentToken;
    IStaking public immutable staking;
    IModelRegistry public immutable models;
    IParameters public immutable params;
    /// @inheritdoc IJobMarket
    IAskBook public immutable askBook;
    /// @inheritdoc IJobMarket
    address public immutable batchFinalizer;
    address private immutable _wirer;

    /* STORAGE */

    /// @notice The dispute game, set once at deployment and never changed.
    address public disputeGame;
    address public guardian;
    uint64 private _jobCount;
    bool public paused;

    /// @dev A job as stored: the fields of `IJobMarket.Job` in another order, so that a commit reads
    /// one slot (status, round, commit deadline and count) instead of two. `getJob` returns the
    /// interface's order.
    struct JobSlots {
        // slot 0: everything a commit reads and writes
        address requester;
        JobStatus status;
        uint8 round;
        bool reauction;
        bool outputInline;
        uint16 commitCount;
        uint32 commitDeadline;
        uint16 openDisputes; // disputes of the current round still running; see `_openDisputesOverflow`
        // slot 1
        uint96 maxPrice;
        uint96 collateral;
        uint32 revealDeadline;
        uint32 modelId;
        // slot 2: the leading bid while bidding, the winner afterwards
        address provider;
        uint96 price;
        // slot 3
        address consumer;
        uint24 callbackGasLimit; // <= MAX_CALLBACK_GAS < 2^24
        uint32 deadline; // execution deadline, or challenge deadline once submitted (also while disputed)
        uint24 executionWindow; // <= maxExecutionWindow <= 30 days < 2^24
        uint16 floor; // the request's reliability floor, see FLOOR_NO_CONVICTION; read by commits
        // slot 4
        bytes32 inputHash;
        // slot 5: keccak256(abi.encodePacked(outputHash, traceRoot))
        bytes32 resultHash;
    }

    mapping(uint256 jobId => JobSlots) private _jobs;
    /// @dev keccak256(jobId, round, bidder) => commitment
    mapping(bytes32 key => bytes32 commitment) private _commitments;
    mapping(address account => uint256 amount) public claimable;
    /// @dev Open disputes of a job beyond the `type(uint16).max` its slot counts: nonzero only while
    /// `openDisputes` is saturated. The count has no cap, so that no number of disputes (a sybil's
    /// included) can ever keep another challenger out of the window.
    mapping(uint256 jobId => uint256 count) private _openDisputesOverflow;
    /// @dev Every provider's counters in one slot, so that keeping them costs one write per ended job.
    mapping(address provider => ProviderRecord) private _records;

    constructor(
        address owner_,
        IERC20 paymentToken_,
        IStaking staking_,
        IModelRegistry models_,
        IParameters params_,
        address guardian_
    ) Ownable(owner_) {
        paymentToken = paymentToken_;
        staking = staking_;
        models = models_;
        params = params_;
        askBook = new AskBook();
        batchFinalizer = address(new BatchFinalizer(this));
        guardian = guardian_;
        _wirer = msg.sender;
        emit GuardianSet(guardian_);
    }

    /// @notice Wire the dispute game (deployer only, once).
    function wire(address disputeGame_) external {
        if (msg.sender != _wirer) revert MarketUnauthorized(msg.sender);
        if (disputeGame != address(0)) revert MarketAlreadyWired();
        disputeGame = disputeGame_;
    }

    modifier onlyDisputeGame() {
        if (msg.sender != disputeGame) revert MarketUnauthorized(msg.sender);
        _;
    }

    /* REQUESTER */

    /// @inheritdoc IJobMarket
    function postJob(JobRequest calldata request, bytes calldata input) external nonReentrant returns (uint256 jobId) {
        jobId = _postInline(request, input, false).jobId;
        _pull(request.maxPrice);
    }

    /// @inheritdoc IJobMarket
    /// @dev The ask is chosen off-chain; the market only checks the one named, so posting costs the
    /// same whatever the number of asks. Everything after the post is what `settleAuction` does for a
    /// winner, with the ask's price as the bid and the lock that a commit would have made.
    function postJobWithAsk(JobRequest calldata request, bytes calldata input, address provider)
        external
        nonReentrant
        returns (uint256 jobId)
    {
        Posted memory posted = _postInline(request, input, true);
        jobId = posted.jobId;
        JobSlots storage job = _jobs[jobId];
        _checkFloor(provider, job.floor);
        job.provider = provider;
        // the ask's price fits 96 bits (the book stores it so)
        // The callback's gas counts only with a consumer: without one, finality calls nothing.
        job.price = uint96(
            askBook.take(
                provider,
                request.modelId,
                request.maxPrice,
                posted.collateral,
                request.executionWindow,
                request.consumer == address(0) ? 0 : request.callbackGasLimit
            )
        );
        _assign(jobId, job, provider);
        staking.lock(provider, jobId, posted.collateral);
        _pull(request.maxPrice);
    }

    /// @inheritdoc IJobMarket
    function postJobWithUri(JobRequest calldata request, string calldata inputUri, bytes32 inputHash)
        external
        nonReentrant
        returns (uint256 jobId)
    {
        Posted memory posted = _post(request, inputHash, false);
        jobId = posted.jobId;
        emit JobPosted(
            jobId,
            msg.sender,
            request.modelId,
            request,
            inputHash,
            "",
            inputUri,
            posted.collateral,
            posted.commitDeadline,
            posted.revealDeadline
        );
        _pull(request.maxPrice);
    }

    /// @inheritdoc IJobMarket
    function cancelJob(uint256 jobId) external nonReentrant {
        JobSlots storage job = _job(jobId);
        if (msg.sender != job.requester) revert MarketUnauthorized(msg.sender);
        if (job.status != JobStatus.Bidding) revert MarketWrongStatus(jobId, job.status);
        if (job.commitCount != 0) revert MarketHasBids(jobId);
        job.status = JobStatus.Cancelled;
        emit JobCancelled(jobId);
        _refund(jobId, job, JobStatus.Cancelled);
    }

    /* AUCTION */

    /// @inheritdoc IJobMarket
    /// @dev The commitment locks the job's collateral at once: a sealed bid that costs nothing would
    /// let a sybil commit a ladder of prices and reveal only the rung just under the best honest
    /// bid. Eligibility is checked by the same `staking.lock` call (registered, minimum stake, free
    /// stake), so a commit makes one call into staking.
    function commitBid(uint256 jobId, bytes32 commitment) external nonReentrant {
        if (paused) revert MarketPaused();
        if (commitment == bytes32(0)) revert MarketZeroCommitment();
        JobSlots storage job = _job(jobId);
        if (job.status != JobStatus.Bidding) revert MarketWrongStatus(jobId, job.status);
        if (block.timestamp > job.commitDeadline) revert MarketCommitClosed(jobId, job.commitDeadline);
        uint8 round = job.round;
        bytes32 key = _commitKey(jobId, round, msg.sender);
        if (_commitments[key] != bytes32(0)) revert MarketAlreadyCommitted(jobId, msg.sender);
        _commitments[key] = commitment;
        // Saturates instead of reverting: the count only gates cancellation.
        if (job.commitCount != type(uint16).max) ++job.commitCount;
        emit BidCommitted(jobId, msg.sender, round, commitment);
        _checkFloor(msg.sender, job.floor);
        staking.lock(msg.sender, jobId, job.collateral);
    }

    /// @inheritdoc IJobMarket
    function revealBid(uint256 jobId, uint256 price, bytes32 salt) external nonReentrant {
        JobSlots storage job = _job(jobId);
        if (job.status != JobStatus.Bidding) revert MarketWrongStatus(jobId, job.status);
        uint256 commitDeadline = job.commitDeadline;
        uint256 revealDeadline = job.revealDeadline;
        if (block.timestamp <= commitDeadline || block.timestamp > revealDeadline) {
            revert MarketNotInRevealPhase(jobId, commitDeadline, revealDeadline);
        }
        uint8 round = job.round;
        bytes32 key = _commitKey(jobId, round, msg.sender);
        if (_commitments[key] != bidCommitment(jobId, round, msg.sender, price, salt)) {
            revert MarketCommitmentMismatch(jobId, msg.sender);
        }
        delete _commitments[key];
        uint256 maxPrice = job.maxPrice;
        if (price == 0 || price > maxPrice) revert MarketBidAboveMaxPrice(jobId, price, maxPrice);
        // A dust bid would win every auction against honest prices and then stall the job; the
        // floor keeps a winning price within reach of a real cost. maxPrice < 2^96: no overflow.
        // A bid under it never leads, but is revealed (its collateral unlocked) rather than
        // refused: the floor is read now, and a bid legal when committed must not become one
        // that can only be forfeited because governance raised the floor meanwhile.
        address leader = job.provider;
        bool leading = price >= (maxPrice * params.minBidBps() + BPS - 1) / BPS
            && (leader == address(0)
                || price < job.price
                || (price == job.price && _tieRank(jobId, msg.sender) < _tieRank(jobId, leader)));
        emit BidRevealed(jobId, msg.sender, round, price, leading);
        // Every bidder locked the same collateral at commit: the leader keeps it (so the winner is
        // certain to hold it at settlement), everyone else gets it back at once.
        uint256 collateral = job.collateral;
        if (!leading) {
            staking.unlock(msg.sender, jobId, collateral);
            return;
        }
        job.provider = msg.sender;
        job.price = uint96(price); // price <= maxPrice < 2^96
        if (leader != address(0)) staking.unlock(leader, jobId, collateral);
    }

    /// @inheritdoc IJobMarket
    /// @dev Open to anyone, so that the requester (who gains) or any keeper can clear it, and the
    /// bidder cannot keep its stake locked as a standing threat. The forfeit is the liveness slash:
    /// an unrevealed bid withholds a price from the auction as a no-show withholds a result.
    function forfeitUnrevealedBid(uint256 jobId, uint8 round, address bidder) external nonReentrant {
        JobSlots storage job = _job(jobId);
        bytes32 key = _commitKey(jobId, round, bidder);
        if (_commitments[key] == bytes32(0)) revert MarketNoCommitment(jobId, round, bidder);
        // A commitment of the current round can be revealed until the reveal deadline, as long as
        // the auction runs; one of an earlier round never again.
        if (round == job.round && job.status == JobStatus.Bidding && block.timestamp <= job.revealDeadline) {
            revert MarketRevealStillOpen(jobId, round, job.revealDeadline);
        }
        delete _commitments[key];
        uint256 collateral = job.collateral;
        uint256 slashed =
            _slashToRequester(bidder, jobId, collateral, job.requester, collateral * params.livenessSlashBps() / BPS);
        emit BidForfeited(jobId, round, bidder, slashed);
    }

    /// @inheritdoc IJobMarket
    function settleAuction(uint256 jobId) external nonReentrant {
        JobSlots storage job = _job(jobId);
        if (job.status != JobStatus.Bidding) revert MarketWrongStatus(jobId, job.status);
        if (block.timestamp <= job.revealDeadline) revert MarketAuctionNotOver(jobId, job.revealDeadline);
        address winner = job.provider;
        if (winner == address(0)) {
            job.status = JobStatus.Expired;
            emit AuctionFailed(jobId, job.round);
            _refund(jobId, job, JobStatus.Expired);
            return;
        }
        _assign(jobId, job, winner);
    }

    /// @inheritdoc IJobMarket
    function bidCommitment(uint256 jobId, uint8 round, address bidder, uint256 price, bytes32 salt)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(jobId, round, bidder, price, salt));
    }

    /* PROVIDER */

    /// @inheritdoc IJobMarket
    function submitResult(uint256 jobId, bytes calldata output, bytes32[] calldata layerHashes) external {
        if (output.length == 0) revert MarketEmptyOutput(jobId);
        bytes32 outputHash = keccak256(output);
        (bytes32 traceRoot, uint256 challengeDeadline) = _submit(jobId, outputHash, layerHashes, true, output.length);
        emit ResultSubmitted(jobId, msg.sender, outputHash, traceRoot, layerHashes, output, "", challengeDeadline);
    }

    /// @inheritdoc IJobMarket
    function submitResultUri(
        uint256 jobId,
        string calldata outputUri,
        bytes32 outputHash,
        bytes32[] calldata layerHashes
    ) external {
        (bytes32 traceRoot, uint256 challengeDeadline) = _submit(jobId, outputHash, layerHashes, false, 0);
        emit ResultSubmitted(jobId, msg.sender, outputHash, traceRoot, layerHashes, "", outputUri, challengeDeadline);
    }

    /* ANYONE */

    /// @inheritdoc IJobMarket
    function finalize(uint256 jobId, bytes32 outputHash, bytes32 traceRoot, bytes calldata output)
        external
        nonReentrant
    {
        JobSlots storage job = _job(jobId);
        if (job.status != JobStatus.Submitted) revert MarketWrongStatus(jobId, job.status);
        if (block.timestamp <= job.deadline) revert MarketDeadlineNotPassed(jobId, job.deadline);
        if (keccak256(abi.encodePacked(outputHash, traceRoot)) != job.resultHash) revert MarketResultMismatch(jobId);
        bool isInline = job.outputInline;
        if (isInline && keccak256(output) != outputHash) revert MarketResultMismatch(jobId);

        job.status = JobStatus.Finalized;
        address provider = job.provider;
        _payOut(jobId, job, provider);
        // A delivered result ends a run of no-shows: the escalation punishes stalling in a row, not
        // a provider's whole history.
        ProviderRecord storage record = _records[provider];
        ++record.completed;
        if (record.missedInARow != 0) {
            record.missedInARow = 0;
            emit MissedDeadlinesReset(provider);
        }

        address consumer = job.consumer;
        if (consumer != address(0)) {
            _callback(jobId, consumer, job.callbackGasLimit, job.requester, outputHash, isInline ? output : output[:0]);
        }
    }

    /// @inheritdoc IJobMarket
    function reportMissedDeadline(uint256 jobId) external nonReentrant {
        JobSlots storage job = _job(jobId);
        if (job.status != JobStatus.Assigned) revert MarketWrongStatus(jobId, job.status);
        if (block.timestamp <= job.deadline) revert MarketDeadlineNotPassed(jobId, job.deadline);
        address provider = job.provider;
        uint256 collateral = job.collateral;
        // Read before `_endRound`, which gives a re-auctioned job a commit deadline.
        bool fast = job.commitDeadline == 0;
        address requester = job.requester;
        // Escalation: each deadline missed in a row doubles the slash, so that holding jobs hostage
        // round after round costs more each time. collateral < 2^96, bps <= 10^4, 2^14: no overflow.
        ProviderRecord storage record = _records[provider];
        uint256 missed = record.missedInARow;
        uint256 exponent = missed < MISSED_DEADLINE_EXPONENT_CAP ? missed : MISSED_DEADLINE_EXPONENT_CAP;
        uint256 penalty = (collateral * params.livenessSlashBps() << exponent) / BPS;
        if (penalty > collateral) penalty = collateral;
        record.missedInARow = uint64(++missed); // one per job ever posted: far below 2^64
        ++record.missed;
        _endRound(jobId, job, JobStatus.Expired);
        uint256 slashed = _slashToRequester(provider, jobId, collateral, requester, penalty);
        emit DeadlineMissed(jobId, provider, slashed, missed);
        if (fast) askBook.release(provider, job.modelId);
    }

    /// @inheritdoc IJobMarket
    function claim() external nonReentrant returns (uint256 amount) {
        amount = claimable[msg.sender];
        if (amount == 0) revert MarketNothingToClaim(msg.sender);
        claimable[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        paymentToken.safeTransfer(msg.sender, amount);
    }

    /* DISPUTE GAME */

    /// @inheritdoc IJobMarket
    /// @dev Disputes run side by side and the challenge deadline never moves: a dispute can neither
    /// eat the window of another challenger (who can always open its own) nor extend it. So a
    /// result is held back at most until its challenge deadline plus one dispute's moves, however
    /// many disputes anyone opens (docs/fraud-proofs.md, "The sybil shield").
    function openDispute(uint256 jobId) external onlyDisputeGame returns (uint8 round) {
        JobSlots storage job = _job(jobId);
        JobStatus status = job.status;
        if (status != JobStatus.Submitted && status != JobStatus.Disputed) revert MarketWrongStatus(jobId, status);
        uint256 deadline = job.deadline;
        if (block.timestamp > deadline) revert MarketDeadlinePassed(jobId, deadline);
        round = job.round;
        uint256 open = job.openDisputes;
        if (open == type(uint16).max) {
            // Saturated slot counter: count on in a slot of its own rather than refuse the dispute.
            open += ++_openDisputesOverflow[jobId];
        } else {
            job.openDisputes = uint16(++open);
        }
        job.status = JobStatus.Disputed;
        emit JobDisputed(jobId);
        emit OpenDisputesChanged(jobId, round, open);
    }

    /// @inheritdoc IJobMarket
    /// @dev The challengers' share of a fraud slash goes to the game as one pot for the round, never
    /// to the convicting challenger: the first dispute to convict may be the liar's own sybil, and a
    /// winner-takes-the-share rule would hand it back to the liar (docs/fraud-proofs.md, "Who gets
    /// what"). The game splits the pot among the `rewardShares` disputes the round still had open.
    function resolveDispute(uint256 jobId, uint8 round, bool providerWon, address challenger)
        external
        onlyDisputeGame
        nonReentrant
        returns (bool applied, uint256 rewardPot, uint256 rewardShares)
    {
        JobSlots storage job = _job(jobId);
        // Another dispute of the round already proved the result wrong: the job was refunded or
        // re-auctioned, and this dispute has nothing left to decide. Never revert here, so that a
        // stale dispute always ends and its bond is always paid out.
        if (job.round != round || job.status != JobStatus.Disputed) return (false, 0, 0);
        if (providerWon) {
            uint256 open = job.openDisputes;
            uint256 overflow;
            if (open == type(uint16).max) overflow = _openDisputesOverflow[jobId];
            if (overflow != 0) {
                _openDisputesOverflow[jobId] = --overflow;
            } else {
                job.openDisputes = uint16(--open);
                // The last dispute is over: the result is challengeable again until its original
                // deadline, and finalizable at once if that passed.
                if (open == 0) job.status = JobStatus.Submitted;
            }
            emit DisputeRejected(jobId, job.deadline);
            emit OpenDisputesChanged(jobId, round, open + overflow);
            return (true, 0, 0);
        }
        // Every dispute of the round still open shares the pot, this one included (read before
        // `_endRound` clears the count).
        rewardShares = job.openDisputes;
        if (rewardShares == type(uint16).max) rewardShares += _openDisputesOverflow[jobId];
        address provider = job.provider;
        uint256 collateral = job.collateral;
        address requester = job.requester;
        ++_records[provider].convicted;
        _endRound(jobId, job, JobStatus.Rejected);
        uint256 slashed;
        (slashed, rewardPot) = _fraudSlash(jobId, provider, collateral, requester);
        emit ResultRejected(jobId, provider, challenger, slashed);
        return (true, rewardPot, rewardShares);
    }

    /* GUARDIAN */

    /// @inheritdoc IJobMarket
    function setPaused(bool paused_) external {
        if (msg.sender != guardian && msg.sender != owner()) revert MarketUnauthorized(msg.sender);
        paused = paused_;
        emit PausedSet(paused_);
    }

    /// @inheritdoc IJobMarket
    function setGuardian(address guardian_) external onlyOwner {
        guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /* VIEWS */

    /// @inheritdoc IJobMarket
    function getJob(uint256 jobId) external view returns (Job memory) {
        JobSlots storage j = _job(jobId);
        return Job({
            requester: j.requester,
            modelId: j.modelId,
            status: j.status,
            round: j.round,
            reauction: j.reauction,
            outputInline: j.outputInline,
            commitCount: j.commitCount,
            maxPrice: j.maxPrice,
            collateral: j.collateral,
            commitDeadline: j.commitDeadline,
            revealDeadline: j.revealDeadline,
            provider: j.provider,
            price: j.price,
            consumer: j.consumer,
            callbackGasLimit: j.callbackGasLimit,
            deadline: j.deadline,
            executionWindow: j.executionWindow,
            inputHash: j.inputHash,
            resultHash: j.resultHash
        });
    }

    /// @inheritdoc IJobMarket
    function openDisputes(uint256 jobId) external view returns (uint256) {
        JobSlots storage job = _job(jobId);
        uint256 open = job.openDisputes;
        return open == type(uint16).max ? open + _openDisputesOverflow[jobId] : open;
    }

    /// @inheritdoc IJobMarket
    function commitmentOf(uint256 jobId, address bidder) external view returns (bytes32) {
        return _commitments[_commitKey(jobId, _jobs[jobId].round, bidder)];
    }

    /// @inheritdoc IJobMarket
    function jobCount() external view returns (uint256) {
        return _jobCount;
    }

    /// @inheritdoc IJobMarket
    function missedDeadlines(address provider) external view returns (uint256) {
        return _records[provider].missedInARow;
    }

    /// @inheritdoc IJobMarket
    function recordOf(address provider) external view returns (ProviderRecord memory) {
        return _records[provider];
    }

    /* INTERNAL */

    struct Posted {
        uint256 jobId;
        uint256 collateral;
        uint256 commitDeadline;
        uint256 revealDeadline;
    }

    /// @dev An integer model's input must have the model's input width: with any other length there
    /// is no correct result, and the dispute game could not convict a wrong one at layer 1.
    function _postInline(JobRequest calldata request, bytes calldata input, bool fast)
        private
        returns (Posted memory posted)
    {
        bytes32 inputHash = keccak256(input);
        posted = _post(request, inputHash, fast);
        (ModelKind kind,, uint256 inputWidth,) = models.ioShape(request.modelId);
        if (kind == ModelKind.IntegerDense && input.length != inputWidth) {
            revert MarketBadInputLength(request.modelId, input.length, inputWidth);
        }
        emit JobPosted(
            posted.jobId,
            msg.sender,
            request.modelId,
            request,
            inputHash,
            input,
            "",
            posted.collateral,
            posted.commitDeadline,
            posted.revealDeadline
        );
    }

    /// @dev A fast job (`fast`) has no auction: its commit and reveal deadlines stay zero, which is
    /// how the market tells it apart later (its ask's capacity is released at submit or at a missed
    /// deadline; a re-auctioned round gets deadlines and is an auction job from then on).
    function _post(JobRequest calldata request, bytes32 inputHash, bool fast) private returns (Posted memory posted) {
        if (paused) revert MarketPaused();
        if (!models.isActive(request.modelId)) revert MarketModelInactive(request.modelId);
        if (request.maxPrice == 0 || request.maxPrice > type(uint96).max) revert MarketBadPrice(request.maxPrice);
        uint256 maxWindow = params.maxExecutionWindow();
        if (request.executionWindow == 0 || request.executionWindow > maxWindow) {
            revert MarketBadExecutionWindow(request.executionWindow, maxWindow);
        }
        if (
            request.callbackGasLimit > MAX_CALLBACK_GAS
                || (request.consumer == address(0) && request.callbackGasLimit != 0)
        ) revert MarketBadCallback(request.consumer, request.callbackGasLimit, MAX_CALLBACK_GAS);
        if (request.minReliabilityBps > BPS) revert MarketBadReliabilityFloor(request.minReliabilityBps);

        uint256 collateral = _collateralOf(request);
        uint256 jobId = ++_jobCount;
        uint256 commitDeadline;
        uint256 revealDeadline;
        if (!fast) {
            commitDeadline = block.timestamp + params.commitWindow();
            revealDeadline = commitDeadline + params.revealWindow();
        }
        posted = Posted(jobId, collateral, commitDeadline, revealDeadline);
        JobSlots storage job = _jobs[jobId];
        job.requester = msg.sender;
        job.modelId = uint32(request.modelId); // the registry's ids are sequential, far below 2^32
        job.status = JobStatus.Bidding;
        job.reauction = request.reauction;
        job.maxPrice = uint96(request.maxPrice);
        job.collateral = uint96(collateral); // checked by _collateralOf
        job.commitDeadline = _to32(commitDeadline);
        job.revealDeadline = _to32(revealDeadline);
        job.consumer = request.consumer;
        job.callbackGasLimit = uint24(request.callbackGasLimit); // <= MAX_CALLBACK_GAS < 2^24
        job.executionWindow = uint24(request.executionWindow); // <= maxExecutionWindow <= 30 days < 2^24
        // minReliabilityBps <= 10_000 < 2^15, checked above
        job.floor = uint16(request.minReliabilityBps) | (request.noConviction ? FLOOR_NO_CONVICTION : 0);
        job.inputHash = inputHash;
    }

    /// @dev Hands the job to `provider` at the price it holds and starts the execution deadline.
    function _assign(uint256 jobId, JobSlots storage job, address provider) private {
        uint256 deadline = block.timestamp + job.executionWindow;
        job.status = JobStatus.Assigned;
        job.deadline = _to32(deadline);
        emit JobAssigned(jobId, provider, job.price, job.collateral, deadline);
    }

    /// @dev The requester's reliability floor (zero: none, and nothing read). A provider with no
    /// ended job counts as fully reliable: a floor sorts records, it cannot price a fresh identity,
    /// which the collateral does (docs/economics.md, "Gaming the record").
    function _checkFloor(address provider, uint256 floor) private view {
        if (floor == 0) return;
        ProviderRecord storage record = _records[provider];
        if (floor & FLOOR_NO_CONVICTION != 0 && record.convicted != 0) {
            revert MarketProviderConvicted(provider, record.convicted);
        }
        uint256 minBps = floor & ~uint256(FLOOR_NO_CONVICTION);
        uint256 ended = uint256(record.completed) + record.missed + record.convicted;
        uint256 reliability = ended == 0 ? BPS : record.completed * BPS / ended;
        if (reliability < minBps) revert MarketBelowReliabilityFloor(provider, reliability, minBps);
    }

    /// @dev Collateral is sized by the value at stake, never by the bid: the escrow times the ratio,
    /// at least the governance floor, at least what the requester asked for. A bid-sized collateral
    /// let a dust bid stall a job, or lie about its result, for a dust stake.
    function _collateralOf(JobRequest calldata request) private view returns (uint256 collateral) {
        // maxPrice < 2^96 (checked by `_post`) and collateralRatio <= 1e40 < 2^133 (Parameters' ceiling):
        // the product is below 2^229, so plain arithmetic rounds up exactly as a 512-bit mulDiv would.
        collateral = (request.maxPrice * params.collateralRatio() + 1e18 - 1) / 1e18;
        uint256 floor = params.minJobCollateral();
        if (collateral < floor) collateral = floor;
        if (collateral < request.minCollateral) collateral = request.minCollateral;
        if (collateral > type(uint96).max) revert MarketCollateralTooLarge(collateral);
    }

    /// @dev Pulls `amount` of the payment token and refuses a token that delivers less (fee on
    /// transfer): the market credits exactly `amount`, and would otherwise owe more than it holds.
    function _pull(uint256 amount) private {
        uint256 balanceBefore = paymentToken.balanceOf(address(this));
        paymentToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 balanceAfter = paymentToken.balanceOf(address(this));
        uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (received < amount) revert MarketPaymentTokenShortfall(amount, received);
    }

    function _submit(
        uint256 jobId,
        bytes32 outputHash,
        bytes32[] calldata layerHashes,
        bool isInline,
        uint256 outputLength
    ) private returns (bytes32 traceRoot, uint256 challengeDeadline) {
        JobSlots storage job = _job(jobId);
        if (job.status != JobStatus.Assigned) revert MarketWrongStatus(jobId, job.status);
        if (msg.sender != job.provider) revert MarketNotProvider(jobId, msg.sender);
        if (block.timestamp > job.deadline) revert MarketDeadlinePassed(jobId, job.deadline);
        (ModelKind kind, uint256 layerCount,, uint256 outputWidth) = models.ioShape(job.modelId);
        bool integer = kind == ModelKind.IntegerDense;
        // A wrong-length output is provable in the dispute game, but refusing it here is cheaper.
        if (isInline && integer && outputLength != outputWidth) {
            revert MarketBadOutputLength(jobId, outputLength, outputWidth);
        }
        traceRoot = _traceRoot(jobId, integer ? layerCount - 1 : 0, layerHashes);
        challengeDeadline = block.timestamp + params.challengeWindow();
        job.status = JobStatus.Submitted;
        job.outputInline = isInline;
        job.deadline = _to32(challengeDeadline);
        job.resultHash = keccak256(abi.encodePacked(outputHash, traceRoot));
        // A fast job frees its unit of the ask's capacity once its result is in: capacity counts
        // work in progress, not results waiting out their challenge window.
        if (job.commitDeadline == 0) askBook.release(msg.sender, job.modelId);
    }

    /// @dev The trace is committed here, from hashes published in calldata, rather than taken as
    /// a root: a root alone would let a provider withhold the leaves, and no challenger could
    /// then prove which layer is wrong. The count is checked against the model for the same
    /// reason: the dispute game proves leaves at the model's depth.
    function _traceRoot(uint256 jobId, uint256 expected, bytes32[] calldata layerHashes)
        private
        pure
        returns (bytes32)
    {
        if (layerHashes.length != expected) {
            revert MarketBadTrace(jobId, layerHashes.length, expected);
        }
        // bounded by the registry's MAX_LAYERS
        return expected == 0 ? bytes32(0) : PositionalMerkle.rootOf(layerHashes);
    }

    /// @dev Ends the current round of a job whose provider failed it: re-auction when asked
    /// (and rounds remain), else refund the escrow with `terminal` status.
    function _endRound(uint256 jobId, JobSlots storage job, JobStatus terminal) private {
        // Disputes of the ended round still running are stale from now on (`resolveDispute` checks
        // the round and the status), so none of them counts any more.
        if (job.openDisputes == type(uint16).max) delete _openDisputesOverflow[jobId];
        job.openDisputes = 0;
        if (!job.reauction || job.round + 1 >= MAX_ROUNDS) {
            job.status = terminal;
            _refund(jobId, job, terminal);
            return;
        }
        uint8 round = job.round + 1;
        uint256 commitDeadline = block.timestamp + params.commitWindow();
        uint256 revealDeadline = commitDeadline + params.revealWindow();
        job.status = JobStatus.Bidding;
        job.round = round;
        job.commitCount = 0;
        job.outputInline = false;
        job.provider = address(0);
        job.price = 0;
        // `collateral` stays: it was fixed at post for every round, and unrevealed commitments of
        // ended rounds are forfeited (and unlocked) at that same amount.
        job.commitDeadline = _to32(commitDeadline);
        job.revealDeadline = _to32(revealDeadline);
        job.deadline = 0;
        job.resultHash = bytes32(0);
        emit JobReauctioned(jobId, round, commitDeadline, revealDeadline);
    }

    /// @dev Slashes a convicted provider's collateral. The treasury comes first: its share is the
    /// penalty floor that neither the liar nor any of its sybil challengers can recover, so it is the
    /// share that must never fall short. The challengers' share goes to the dispute game (the
    /// caller), which splits it among the round's disputes; the game is never the zero address, so
    /// no transfer can revert and freeze the job.
    function _fraudSlash(uint256 jobId, address provider, uint256 collateral, address requester)
        private
        returns (uint256 slashed, uint256 toChallengers)
    {
        uint256 slashAmount = collateral * params.fraudSlashBps() / BPS;
        toChallengers = slashAmount * params.challengerShareBps() / BPS;
        uint256 toRequester = slashAmount * params.requesterShareBps() / BPS;
        address[] memory recipients = new address[](3);
        uint256[] memory amounts = new uint256[](3);
        (recipients[0], amounts[0]) = (params.treasury(), slashAmount - toChallengers - toRequester);
        (recipients[1], amounts[1]) = (requester, toRequester);
        (recipients[2], amounts[2]) = (msg.sender, toChallengers);
        slashed = staking.slash(provider, jobId, collateral, recipients, amounts);
    }

    /// @dev Releases the collateral and pays the price less the fee to the provider (and its delegation
    /// pool), the fee to the treasury and the unspent escrow to the requester.
    function _payOut(uint256 jobId, JobSlots storage job, address provider) private {
        uint256 price = job.price;
        uint256 fee = price * params.protocolFeeBps() / BPS;
        uint256 refund = uint256(job.maxPrice) - price;
        _payProvider(provider, jobId, job.collateral, price - fee);
        _credit(params.treasury(), jobId, fee);
        _credit(job.requester, jobId, refund);
        emit JobFinalized(jobId, provider, price - fee, fee, refund);
    }

    /// @dev Unlocks `collateral` of `provider` and slashes `amount` of it to the requester (liveness).
    function _slashToRequester(address provider, uint256 jobId, uint256 collateral, address requester, uint256 amount)
        private
        returns (uint256 slashed)
    {
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        (recipients[0], amounts[0]) = (requester, amount);
        slashed = staking.slash(provider, jobId, collateral, recipients, amounts);
    }

    function _refund(uint256 jobId, JobSlots storage job, JobStatus status) private {
        address requester = job.requester;
        uint256 refund = job.maxPrice;
        _credit(requester, jobId, refund);
        emit JobRefunded(jobId, requester, refund, status);
    }

    /// @dev Staking unlocks the collateral and says what the provider's delegators get of its pay,
    /// credited to their pool.
    function _payProvider(address provider, uint256 jobId, uint256 collateral, uint256 earned) private {
        (address pool, uint256 shared) = staking.release(provider, jobId, collateral, earned);
        _credit(provider, jobId, earned - shared);
        _credit(pool, jobId, shared);
    }

    /// @dev Every credit is for a job (its payout or refund), so the event names it.
    function _credit(address account, uint256 jobId, uint256 amount) private {
        if (amount == 0) return;
        claimable[account] += amount;
        emit Credited(account, jobId, amount);
    }

    /// @dev Calls the consumer with exactly `gasLimit` gas and copies no return data, so that
    /// neither a revert, an out-of-gas nor a return bomb can make finalization fail.
    /// The requester is passed so that a consumer can refuse results of jobs it did not post.
    function _callback(
        uint256 jobId,
        address consumer,
        uint256 gasLimit,
        address requester,
        bytes32 outputHash,
        bytes calldata output
    ) private {
        bytes memory data = abi.encodeCall(IVerityConsumer.onVerityResult, (jobId, requester, outputHash, output));
        // EIP-150 forwards at most 63/64 of the remaining gas: make sure the consumer really
        // gets `gasLimit`, otherwise a caller could starve it on purpose. The check sits after the
        // calldata is built, whose cost grows with the output, and right before the call; the
        // reserve pays for the call's account access (two for a delegated account) and the event.
        uint256 needed = gasLimit + gasLimit / 63 + CALLBACK_RESERVE;
        if (gasleft() < needed) revert MarketInsufficientCallbackGas(jobId, needed);
        bool success;
        assembly ("memory-safe") {
            success := call(gasLimit, consumer, 0, add(data, 0x20), mload(data), 0, 0)
        }
        emit CallbackExecuted(jobId, consumer, success);
    }

    function _job(uint256 jobId) private view returns (JobSlots storage job) {
        job = _jobs[jobId];
        if (job.status == JobStatus.None) revert MarketUnknownJob(jobId);
    }

    function _commitKey(uint256 jobId, uint8 round, address bidder) private pure returns (bytes32) {
        return keccak256(abi.encode(jobId, round, bidder));
    }

    /// @dev Equal prices are ordered by a hash of job and bidder: deterministic, and not
    /// decided by who reveals first (which a block builder could choose).
    function _tieRank(uint256 jobId, address bidder) private pure returns (bytes32) {
        return keccak256(abi.encode(jobId, bidder));
    }

    function _to32(uint256 value) private pure returns (uint32) {
        // Timestamps fit 32 bits until 2106; SafeCast makes that an explicit failure, not a wrap.
        return SafeCast.toUint32(value);
    }
}
