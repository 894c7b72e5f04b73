// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {DisputeGame} from "../../../src/dispute/DisputeGame.sol";
import {IDisputeGame} from "../../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../../src/types/JobStatus.sol";
import {ModelKind} from "../../../src/types/ModelKind.sol";
import {DenseLayer, DenseModel} from "./DenseModel.sol";
import {JobMarketDouble} from "./JobMarketDouble.sol";
import {ModelRegistryDouble} from "./ModelRegistryDouble.sol";
import {TestToken} from "./TestToken.sol";

/// @notice Drives the game through random sequences of jobs (honest or lying), challenges by three
/// challengers (several at once on a job), proofs on random neurons, timeouts, claims, re-auctions
/// with new results (so that disputes of an ended round go stale) and the passing of time. The
/// provider is honest about being live: it answers every challenge at once. Records what the
/// invariants need.
contract DisputeGameHandler is Test {
    uint256 internal constant SEED = 42;
    uint256 internal constant WINDOW = 1 days;

    DisputeGame internal game;
    JobMarketDouble internal market;
    TestToken internal token;
    address public provider = makeAddr("provider");
    address[3] public challengers = [makeAddr("alice"), makeAddr("bob"), makeAddr("carol")];
    uint256 internal modelId;

    uint256[] public jobs;
    uint256[] public disputes;
    mapping(uint256 jobId => mapping(uint8 round => bool)) public lying;
    mapping(uint256 jobId => mapping(uint8 round => bytes[])) internal _committed;
    uint256 public staleResolutions;

    constructor(DisputeGame game_, JobMarketDouble market_, ModelRegistryDouble registry, TestToken token_) {
        game = game_;
        market = market_;
        token = token_;
        (DenseLayer[] memory layers,) = _model();
        modelId = registry.addModel(ModelKind.IntegerDense, uint16(layers.length), DenseModel.weightCommitment(layers));
        // Every conviction pays the game an odd-sized pot, so that shares round.
        token.mint(address(market), 1e30);
        market.setRewardPot(token, 1000e18 + 7);
        for (uint256 i; i < 3; ++i) {
            token.mint(challengers[i], 1e30);
            vm.prank(challengers[i]);
            token.approve(address(game), type(uint256).max);
        }
    }

    function _model() internal pure returns (DenseLayer[] memory layers, bytes memory input) {
        uint256[] memory widths = new uint256[](4);
        (widths[0], widths[1], widths[2], widths[3]) = (5, 4, 6, 3);
        return DenseModel.random(SEED, widths);
    }

    function _honest(bytes memory input) internal pure returns (bytes[] memory) {
        (DenseLayer[] memory layers,) = _model();
        return DenseModel.forward(layers, input);
    }

    // ---------------------------------------------------------------- actions

    function _trace(uint256 seed, bool lie, uint256 where) internal pure returns (bytes[] memory) {
        (DenseLayer[] memory layers,) = _model();
        return _retrace(DenseModel.randomBytes(bytes32(seed), layers[0].K), lie, where);
    }

    function _record(uint256 jobId, uint8 round, bool lie, bytes[] memory acts) internal {
        lying[jobId][round] = lie;
        for (uint256 i; i < acts.length; ++i) {
            _committed[jobId][round].push(acts[i]);
        }
    }

    function submit(uint256 seed, bool lie, uint256 where) external {
        bytes[] memory acts = _trace(seed, lie, where);
        bytes32[] memory h = DenseModel.hashes(acts);
        uint256 jobId =
            market.submitJob(provider, uint32(modelId), h[0], h[h.length - 1], DenseModel.traceRoot(h), WINDOW);
        jobs.push(jobId);
        _record(jobId, 0, lie, acts);
    }

    /// @dev Whether a lost dispute re-auctions its job (the next round) or rejects it.
    function setReauction(bool on) external {
        market.setReauction(on);
    }

    /// @dev A new result for a re-auctioned job (same input), in its new round.
    function resubmit(uint256 jobSeed, bool lie, uint256 where) external {
        if (jobs.length == 0) return;
        uint256 jobId = jobs[jobSeed % jobs.length];
        IJobMarket.Job memory job = market.getJob(jobId);
        if (job.status != JobStatus.Bidding) return;
        bytes[] memory acts = _retrace(_committed[jobId][0][0], lie, where);
        bytes32[] memory h = DenseModel.hashes(acts);
        market.resubmit(jobId, provider, h[h.length - 1], DenseModel.traceRoot(h), WINDOW);
        _record(jobId, job.round, lie, acts);
    }

    function _retrace(bytes memory input, bool lie, uint256 where) internal pure returns (bytes[] memory acts) {
        (DenseLayer[] memory layers,) = _model();
        acts = DenseModel.forward(layers, input);
        if (lie) {
            uint256 m = 1 + where % layers.length;
            bytes memory changed = bytes.concat(acts[m]);
            changed[(where >> 8) % changed.length] ^= 0x01;
            acts[m] = changed;
        }
    }

    /// @dev With `informed`, the challenger names the first layer that differs from an honest run
    /// (when there is one); otherwise a random layer.
    function challenge(uint256 jobSeed, uint256 actorSeed, uint256 layerSeed, bool informed) external {
        if (jobs.length == 0) return;
        uint256 jobId = jobs[jobSeed % jobs.length];
        bytes[] memory acts = _committed[jobId][market.getJob(jobId).round];
        if (acts.length == 0) return; // re-auctioned, no new result yet
        bytes32[] memory h = DenseModel.hashes(acts);
        uint256 l = informed ? DenseModel.firstWrongLayer(DenseModel.hashes(_honest(acts[0])), h) : 0;
        if (l == 0) l = 1 + layerSeed % (acts.length - 1);
        bytes32[] memory proofPrev = DenseModel.traceProof(h, l - 1);
        bytes32[] memory proofDisputed = DenseModel.traceProof(h, l);
        vm.prank(challengers[actorSeed % 3]);
        try game.challenge(
            jobId, l, h[h.length - 1], DenseModel.traceRoot(h), h[l - 1], proofPrev, h[l], proofDisputed
        ) returns (
            uint256 id
        ) {
            disputes.push(id);
            vm.prank(provider);
            game.respond(id, acts[l]);
        } catch {}
    }

    /// @dev With `informed`, the challenger proves the first element that differs from an honest
    /// run of the layer on the agreed input (when there is one); otherwise a random element.
    function prove(uint256 disputeSeed, uint256 neuronSeed, bool informed) external {
        if (disputes.length == 0) return;
        uint256 id = disputes[disputeSeed % disputes.length];
        IDisputeGame.Dispute memory d = game.getDispute(id);
        if (d.phase != IDisputeGame.DisputePhase.AwaitingProof) return;
        (DenseLayer[] memory layers,) = _model();
        bytes[] memory acts = _committed[d.jobId][d.round];
        uint256 j = informed
            ? DenseModel.firstWrongElement(
                DenseModel.layerOutput(layers[d.layer - 1], acts[d.layer - 1]), acts[d.layer]
            )
            : type(uint256).max;
        if (j == type(uint256).max) j = neuronSeed % layers[d.layer - 1].N;
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(layers, d.layer, j);
        uint256 resolves = market.resolveCount();
        vm.prank(d.challenger);
        try game.proveNeuron(id, j, acts[d.layer - 1], acts[d.layer], p) {
            _countStale(resolves);
        } catch {}
    }

    function timeout(uint256 disputeSeed) external {
        if (disputes.length == 0) return;
        uint256 resolves = market.resolveCount();
        try game.timeout(disputes[disputeSeed % disputes.length]) {
            _countStale(resolves);
        } catch {}
    }

    /// @dev Anyone closes a dispute of a convicted round; refused (and skipped) for any other.
    function closeStale(uint256 disputeSeed) external {
        if (disputes.length == 0) return;
        try game.closeStaleDispute(disputes[disputeSeed % disputes.length]) {} catch {}
    }

    function _countStale(uint256 resolvesBefore) internal {
        if (market.resolveCount() == resolvesBefore) return;
        (,,,, bool applied) = market.lastResolution();
        if (!applied) ++staleResolutions;
    }

    function claim(uint256 actorSeed) external {
        address actor = actorSeed % 4 == 3 ? provider : challengers[actorSeed % 4];
        vm.prank(actor);
        try game.claim() {} catch {}
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 hours));
    }

    // ---------------------------------------------------------------- views for the invariants

    function disputeCount() external view returns (uint256) {
        return disputes.length;
    }

    function jobCount() external view returns (uint256) {
        return jobs.length;
    }

    function isLive(IDisputeGame.DisputePhase phase) public pure returns (bool) {
        return phase == IDisputeGame.DisputePhase.AwaitingResponse || phase == IDisputeGame.DisputePhase.AwaitingProof;
    }

    /// @notice Bonds of disputes still running.
    function liveBonds() external view returns (uint256 sum) {
        for (uint256 i; i < disputes.length; ++i) {
            IDisputeGame.Dispute memory d = game.getDispute(disputes[i]);
            if (isLive(d.phase)) sum += d.bond;
        }
    }

    /// @notice What is left in the reward pots of every round of every job.
    function pots() external view returns (uint256 sum) {
        for (uint256 k; k < jobs.length; ++k) {
            uint8 last = market.getJob(jobs[k]).round;
            for (uint8 r; r <= last; ++r) {
                (uint256 remaining,) = game.rewardPot(jobs[k], r);
                sum += remaining;
            }
        }
    }

    /// @notice Bonds credited and not yet claimed, over everyone who can hold a credit.
    function credits() external view returns (uint256 sum) {
        sum = game.claimable(provider);
        for (uint256 i; i < 3; ++i) {
            sum += game.claimable(challengers[i]);
        }
    }
}
