// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {DeploySystem} from "../../script/DeploySystem.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

/// @notice Drives the whole system, the REAL dispute game in the REAL market, through random
/// sequences of every move: post, commit, reveal, settle, submit (honest or lying, by the provider's
/// role), challenge (honest challenger or the liar's sybils), respond, proveNeuron, timeout,
/// closeStaleDispute, finalize, forfeitUnrevealedBid, reportMissedDeadline, claims, time warps.
/// Roles: `liar` always commits the lying trace; the honest providers always commit the true one and
/// answer every dispute before its deadline (they watch, as the reference worker does); the honest
/// challenger only challenges lies; the sybils belong to the liar and challenge what they like.
/// Ghost state records what the invariants compare against.
contract RealGameHandler is CommonBase, StdCheats, StdUtils {
    /// @dev The data of one committed trace of the real model, for `challenge`, `respond` and
    /// `proveNeuron` at the disputed layer.
    struct Trace {
        bytes output;
        bytes32[] hidden; // h_1..h_{L-1} as submitted
        bytes32 outputHash;
        bytes32 traceRoot;
        bytes32 hPrev;
        bytes32[] proofPrev;
        bytes32 hDisputed;
        bytes32[] proofDisputed;
        bytes disputed; // a_l
    }

    uint256 internal constant BPS = 10_000;

    DeploySystem.System internal sys;
    IDisputeGame internal game;
    bytes internal input;
    uint256 internal modelId;
    uint256 internal layer; // the disputed layer
    uint256 internal neuron; // the element the lie changed
    bytes internal prevActivation; // a_{l-1}, the same in both traces
    Trace internal honest;
    Trace internal lie;
    IDisputeGame.LayerProof internal proof;

    address public liar;
    address[] public honestProviders;
    address[] public providers; // liar first
    address public honestChallenger;
    address[] public sybils;
    address public requester;

    uint256[] internal _jobs;
    /// @dev jobId => round => bidder => price committed (0 = none)
    mapping(uint256 => mapping(uint8 => mapping(address => uint256))) internal _bids;

    /* GHOSTS */

    /// @notice Per job, when its current phase began (round start, settlement, submission).
    mapping(uint256 jobId => uint256) public phaseStart;
    /// @notice The unrecoverable floor of every conviction of the liar, summed.
    uint256 public ghostLiarFloors;
    /// @notice Liveness slashes (missed deadlines, forfeited commitments) taken from each provider.
    mapping(address provider => uint256) public ghostLivenessSlashed;
    /// @notice Convictions of an honest provider's round (must stay zero).
    uint256 public ghostHonestConvictions;
    uint256 public calls;

    /// @notice The time of the last step that did not revert. A reverted step must not move time:
    /// the invariant campaign keeps a reverted call's `vm.warp` (the block environment is not part
    /// of the state a revert rolls back) while it rolls back the honest moves `_warpTo` made before
    /// warping. So time passed an honest party's deadline without its move, and the liar won the
    /// honest challenger's bond by `timeout` (a liveness fault no honest party makes: the property
    /// assumes they move). This slot is state, so a revert rolls it back, and `step` returns to it.
    uint256 public clock;

    /// @notice What the handler plays with: the model's data and the cast.
    struct Config {
        uint256 modelId;
        bytes input;
        bytes prevActivation;
        Trace honest;
        Trace lie;
        IDisputeGame.LayerProof proof;
        uint256 layer;
        uint256 neuron;
        address[] providers; // the liar first
        address challenger;
        address[] sybils;
        address requester;
    }

    constructor(DeploySystem.System memory sys_, Config memory c) {
        sys = sys_;
        game = IDisputeGame(address(sys_.disputes));
        modelId = c.modelId;
        input = c.input;
        prevActivation = c.prevActivation;
        honest = c.honest;
        lie = c.lie;
        proof = c.proof;
        layer = c.layer;
        neuron = c.neuron;
        providers = c.providers;
        liar = c.providers[0];
        for (uint256 i = 1; i < c.providers.length; ++i) {
            honestProviders.push(c.providers[i]);
        }
        honestChallenger = c.challenger;
        sybils = c.sybils;
        requester = c.requester;
        clock = block.timestamp;
    }

    /// @dev Every step starts at the time the last completed step left (see `clock`). Without it the
    /// campaign also failed on sequences that passed when forge replayed them (nothing shrank: 91 of
    /// 91 calls kept), so the printed counterexample did not show the failure.
    modifier step() {
        if (block.timestamp != clock) vm.warp(clock);
        _;
    }

    /* REQUESTER */

    function post(uint256 maxPrice, bool reauction, uint256 window) external step {
        if (_jobs.length >= 12) return;
        IJobMarket.JobRequest memory r = IJobMarket.JobRequest({
            modelId: modelId,
            maxPrice: bound(maxPrice, 1e6, 100e6),
            executionWindow: bound(window, 10 minutes, sys.params.maxExecutionWindow()),
            consumer: address(0),
            callbackGasLimit: 0,
            reauction: reauction,
            minCollateral: 0,
            minReliabilityBps: 0,
            noConviction: false
        });
        vm.prank(requester);
        uint256 jobId = sys.market.postJob(r, input);
        _jobs.push(jobId);
        phaseStart[jobId] = block.timestamp;
        ++calls;
    }

    /* AUCTION */

    function commit(uint256 jobSeed, uint256 providerSeed, uint256 price) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Bidding, COMMIT_OPEN);
        if (jobId == 0) return;
        address who = providers[providerSeed % providers.length];
        price = bound(price, (uint256(j.maxPrice) * sys.params.minBidBps() + BPS - 1) / BPS, j.maxPrice);
        bytes32 c = sys.market.bidCommitment(jobId, j.round, who, price, bytes32(price));
        vm.prank(who);
        sys.market.commitBid(jobId, c);
        _bids[jobId][j.round][who] = price;
        ++calls;
    }

    function reveal(uint256 jobSeed, uint256 providerSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Bidding, HAS_BIDS);
        if (jobId == 0) return;
        address who;
        uint256 price;
        for (uint256 k; k < providers.length && price == 0; ++k) {
            who = providers[(providerSeed + k) % providers.length];
            price = _bids[jobId][j.round][who];
        }
        if (price == 0) return;
        _warpTo(uint256(j.commitDeadline) + 1);
        vm.prank(who);
        sys.market.revealBid(jobId, price, bytes32(price));
        delete _bids[jobId][j.round][who];
        ++calls;
    }

    function forfeit(uint256 jobSeed, uint256 providerSeed, uint8 round) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pick(jobSeed);
        if (jobId == 0) return;
        address who = providers[providerSeed % providers.length];
        round = uint8(bound(round, 0, j.round));
        if (_bids[jobId][round][who] == 0) return;
        uint256 before = _stake(who);
        sys.market.forfeitUnrevealedBid(jobId, round, who);
        delete _bids[jobId][round][who];
        ghostLivenessSlashed[who] += before - _stake(who);
        ++calls;
    }

    function settle(uint256 jobSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Bidding, HAS_BIDS);
        if (jobId == 0) return;
        _warpTo(uint256(j.revealDeadline) + 1);
        sys.market.settleAuction(jobId);
        phaseStart[jobId] = block.timestamp;
        ++calls;
    }

    /* PROVIDER */

    function submit(uint256 jobSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Assigned, ANY);
        if (jobId == 0 || j.status != JobStatus.Assigned) return;
        Trace storage t = j.provider == liar ? lie : honest;
        vm.prank(j.provider);
        sys.market.submitResult(jobId, t.output, t.hidden);
        phaseStart[jobId] = block.timestamp;
        ++calls;
    }

    function reportMissedDeadline(uint256 jobSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Assigned, ANY);
        if (jobId == 0) return;
        if (j.status == JobStatus.Assigned) _warpTo(uint256(j.deadline) + 1);
        uint256 before = _stake(j.provider);
        sys.market.reportMissedDeadline(jobId);
        ghostLivenessSlashed[j.provider] += before - _stake(j.provider);
        phaseStart[jobId] = block.timestamp; // a new round (or the end)
        ++calls;
    }

    function finalize(uint256 jobSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Submitted, ANY);
        if (jobId == 0) return;
        Trace storage t = j.provider == liar ? lie : honest;
        if (j.status == JobStatus.Submitted) _warpTo(uint256(j.deadline) + 1);
        sys.market.finalize(jobId, t.outputHash, t.traceRoot, t.output);
        ++calls;
    }

    /* DISPUTES */

    function challenge(uint256 jobSeed, uint256 challengerSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Submitted, ANY);
        if (jobId == 0) return;
        uint256 k = challengerSeed % (sybils.length + 1);
        address who = k == 0 ? honestChallenger : sybils[k - 1];
        bool lying = j.provider == liar;
        if (who == honestChallenger && !lying) return; // an honest challenger checks first
        Trace storage t = lying ? lie : honest;
        vm.prank(who);
        game.challenge(jobId, layer, t.outputHash, t.traceRoot, t.hPrev, t.proofPrev, t.hDisputed, t.proofDisputed);
        ++calls;
    }

    function respond(uint256 disputeSeed) external step {
        uint256 id = _pickDispute(disputeSeed);
        if (id == 0) return;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        _move(d.jobId, d.provider);
        vm.prank(d.provider);
        game.respond(id, d.provider == liar ? lie.disputed : honest.disputed);
        _after(d);
    }

    function prove(uint256 disputeSeed) external step {
        uint256 id = _pickDispute(disputeSeed);
        if (id == 0) return;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        _move(d.jobId, d.provider);
        bytes memory disputed = d.provider == liar ? lie.disputed : honest.disputed;
        vm.prank(d.challenger);
        game.proveNeuron(id, neuron, prevActivation, disputed, proof);
        _after(d);
    }

    function timeout(uint256 disputeSeed) external step {
        uint256 id = _pickDispute(disputeSeed);
        if (id == 0) return;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        _warpTo(uint256(d.deadline) + 1);
        _move(d.jobId, d.provider);
        game.timeout(id);
        _after(d);
    }

    function closeStale(uint256 disputeSeed) external step {
        uint256 id = _pickDispute(disputeSeed);
        if (id == 0) return;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        _move(d.jobId, d.provider);
        game.closeStaleDispute(id);
        _after(d);
    }

    /* CLAIMS AND TIME */

    function claimMarket(uint256 who) external step {
        address a = _everyone(who);
        vm.prank(a);
        sys.market.claim();
        ++calls;
    }

    function claimGame(uint256 who) external step {
        address a = _everyone(who);
        vm.prank(a);
        game.claim();
        ++calls;
    }

    /// @dev Mostly short steps (auction phases are minutes), sometimes days (challenge windows).
    function warp(uint256 secs, bool long) external step {
        _warpTo(block.timestamp + (long ? bound(secs, 1, 2 days) : bound(secs, 1, 3 minutes)));
        ++calls;
    }

    /// @dev Honest parties make every move they owe before time moves on (they watch, as the
    /// reference worker does): honest providers answer every dispute against them, and the honest
    /// challenger proves the neuron of every dispute it opened. Then time moves to `t`. (A watcher
    /// that misses its own deadline loses its bond to whoever it accused, liar or not: that is the
    /// bond working, not a sybil's gain, so the property below assumes an honest party moves.)
    function _warpTo(uint256 t) internal {
        if (t <= block.timestamp) return;
        uint256 n = game.disputeCount();
        for (uint256 id = 1; id <= n; ++id) {
            IDisputeGame.Dispute memory d = game.getDispute(id);
            if (block.timestamp > d.deadline) continue;
            if (d.provider != liar && d.phase == IDisputeGame.DisputePhase.AwaitingResponse) {
                _move(d.jobId, d.provider);
                // No try/catch: a move that fails (out of gas in a long loop included) must undo the
                // whole step, never let time pass the honest party's deadline (the warp included:
                // `clock` and `step`).
                vm.prank(d.provider);
                game.respond(id, honest.disputed);
                _after(d);
            } else if (d.challenger == honestChallenger && d.phase == IDisputeGame.DisputePhase.AwaitingProof) {
                _move(d.jobId, d.provider);
                vm.prank(d.challenger);
                game.proveNeuron(id, neuron, prevActivation, lie.disputed, proof);
                _after(d);
            }
        }
        vm.warp(t);
        clock = t; // rolled back with the step if it reverts (see `clock`)
    }

    /* VIEWS FOR THE INVARIANTS */

    function jobs() external view returns (uint256[] memory) {
        return _jobs;
    }

    function sybilCount() external view returns (uint256) {
        return sybils.length;
    }

    function providerCount() external view returns (uint256) {
        return providers.length;
    }

    /* INTERNAL */

    uint256 internal _liarStakeBefore;
    uint8 internal _roundBefore;
    JobStatus internal _statusBefore;

    /// @dev Records what a dispute move may change: the provider's stake, the job's round.
    function _move(uint256 jobId, address provider) internal {
        _liarStakeBefore = _stake(provider);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        _roundBefore = j.round;
        _statusBefore = j.status;
    }

    /// @dev A move that convicted a round slashed its provider's collateral: count the floor.
    function _after(IDisputeGame.Dispute memory d) internal {
        ++calls;
        uint256 stakeAfter = _stake(d.provider);
        if (stakeAfter >= _liarStakeBefore) return;
        IJobMarket.Job memory j = sys.market.getJob(d.jobId);
        if (d.provider != liar) {
            ++ghostHonestConvictions;
            return;
        }
        uint256 slash = uint256(j.collateral) * sys.params.fraudSlashBps() / BPS;
        ghostLiarFloors += slash - slash * sys.params.challengerShareBps() / BPS - slash
            * sys.params.requesterShareBps() / BPS;
        phaseStart[d.jobId] = block.timestamp; // a new round (or the end)
    }

    function _stake(address who) internal view returns (uint256) {
        IStaking.StakeInfo memory s = sys.staking.stakeOf(who);
        return uint256(s.bonded) + s.unbonding;
    }

    function _pick(uint256 seed) internal view returns (uint256 jobId, IJobMarket.Job memory j) {
        if (_jobs.length == 0) return (0, j);
        jobId = _jobs[seed % _jobs.length];
        j = sys.market.getJob(jobId);
    }

    uint256 internal constant ANY = 0;
    uint256 internal constant COMMIT_OPEN = 1;
    uint256 internal constant HAS_BIDS = 2;

    /// @dev The first job from `seed` on in `status` (and, by `mode`, still open to commits or with bids).
    function _pickWith(uint256 seed, JobStatus status, uint256 mode)
        internal
        view
        returns (uint256 jobId, IJobMarket.Job memory j)
    {
        uint256 n = _jobs.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = _jobs[(seed + k) % n];
            IJobMarket.Job memory c = sys.market.getJob(id);
            if (c.status != status) continue;
            if (mode == COMMIT_OPEN && block.timestamp > c.commitDeadline) continue;
            if (mode == HAS_BIDS && c.commitCount == 0) continue;
            return (id, c);
        }
    }

    function _pickDispute(uint256 seed) internal view returns (uint256) {
        uint256 n = game.disputeCount();
        return n == 0 ? 0 : 1 + seed % n;
    }

    function _everyone(uint256 seed) internal view returns (address) {
        uint256 n = providers.length + sybils.length + 2;
        uint256 k = seed % n;
        if (k < providers.length) return providers[k];
        k -= providers.length;
        if (k < sybils.length) return sybils[k];
        return k == sybils.length ? honestChallenger : requester;
    }
}
