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
import {DenseModel} from "../dispute/utils/DenseModel.sol";
import {KIND_ADD, KIND_CONV, KIND_DENSE, SpatialLayer, SpatialModel} from "../dispute/utils/SpatialModel.sol";

/// @notice `RealGameHandler` on a convolutional model: drives the whole system, the REAL dispute
/// game in the REAL market, through random sequences of every move (post, commit, reveal, settle,
/// submit, challenge, respond, prove, timeout, closeStaleDispute, finalize, forfeitUnrevealedBid,
/// reportMissedDeadline, claims, time warps) on a small CNN with conv, residual add, max pool and
/// dense layers. Roles: `liar` corrupts one element of a conv, add or max pool layer of every result
/// it submits (layer, element and amount drawn from the step's seed; the later layers recomputed
/// from the lie, so the trace is consistent after it); the honest providers submit the true trace
/// and answer every dispute before its deadline; the honest challenger challenges only lies, at the
/// first wrong layer, proves the corrupted element with the layer kind's proof (`proveConv`,
/// `proveAdd`, `provePool`), and watches: it challenges every lie before time passes its challenge
/// window; the sybils belong to the liar and challenge any layer of any result, proving any element.
/// Ghost state records what the invariants compare against.
contract RealGameCnnHandler is CommonBase, StdCheats, StdUtils {
    /// @notice Marks this contract as test code for `forge build --sizes` (run by `npm run
    /// check:abis`): its runtime (about 33 KB: the CNN's trace and proofs built on chain) is never
    /// deployed outside a test, so EIP-170 does not apply to it. No test runs from it.
    bool public constant IS_TEST = true;

    /// @notice The lie in one liar submission: element `element` of a_`layer` changed.
    struct Lie {
        uint16 layer;
        uint32 element;
        uint8 kind; // the layer's kind (KIND_* of SpatialModel)
    }

    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_JOBS = 12;

    DeploySystem.System internal sys;
    IDisputeGame internal game;
    uint256 internal modelId;
    SpatialLayer[] internal _layers;
    bytes[] internal _honest; // a_0 .. a_L

    address public liar;
    address[] public providers; // liar first
    address public honestChallenger;
    address[] public sybils;
    address public requester;

    uint256[] internal _jobs;
    /// @dev jobId => round => bidder => price committed (0 = none)
    mapping(uint256 => mapping(uint8 => mapping(address => uint256))) internal _bids;
    /// @dev jobId => round => the trace the liar submitted in that round, and its lie
    mapping(uint256 => mapping(uint8 => bytes[])) internal _liarTrace;
    mapping(uint256 => mapping(uint8 => Lie)) public lieOf;
    /// @dev jobId => round => the honest challenger has a dispute on it
    mapping(uint256 => mapping(uint8 => bool)) internal _watched;

    /* GHOSTS */

    /// @notice Per job, when its current phase began (round start, settlement, submission).
    mapping(uint256 jobId => uint256) public phaseStart;
    /// @notice The unrecoverable floor of every conviction of the liar, summed.
    uint256 public ghostLiarFloors;
    /// @notice Liveness slashes (missed deadlines, forfeited commitments) taken from each provider.
    mapping(address provider => uint256) public ghostLivenessSlashed;
    /// @notice Convictions of an honest provider's round (must stay zero).
    uint256 public ghostHonestConvictions;
    /// @notice Results the liar submitted, and lies finalized (must stay zero: the challenger watches).
    uint256 public ghostLiarSubmissions;
    uint256 public ghostLiesFinalized;
    /// @notice Every (job, round) the liar submitted a lie in, and whether that round was convicted.
    uint256[2][] internal _lieRounds;
    mapping(uint256 jobId => mapping(uint8 round => bool)) public convicted;
    /// @notice Per layer kind (KIND_*): lies submitted, disputes opened, convictions of the liar by a
    /// proof of an element (or a wrong length), convictions by the liar's missed response.
    uint256[5] internal _liesAt;
    uint256[5] internal _disputesAt;
    uint256[5] internal _provenAt;
    uint256[5] internal _timedOutAt;
    uint256 public calls;

    /// @notice The time of the last step that did not revert; see `RealGameHandler.clock`: a
    /// reverted step must not move time (the campaign keeps a reverted call's `vm.warp` but not the
    /// honest moves `_warpTo` made before it).
    uint256 public clock;

    /// @notice What the handler plays with: the registered model, its layers and input, the cast.
    struct Config {
        uint256 modelId;
        SpatialLayer[] layers;
        bytes input;
        address[] providers; // the liar first
        address challenger;
        address[] sybils;
        address requester;
    }

    constructor(DeploySystem.System memory sys_, Config memory c) {
        sys = sys_;
        game = IDisputeGame(address(sys_.disputes));
        modelId = c.modelId;
        for (uint256 l; l < c.layers.length; ++l) {
            _layers.push(c.layers[l]);
        }
        bytes[] memory acts = SpatialModel.forward(c.layers, c.input);
        for (uint256 i; i < acts.length; ++i) {
            _honest.push(acts[i]);
        }
        providers = c.providers;
        liar = c.providers[0];
        honestChallenger = c.challenger;
        sybils = c.sybils;
        requester = c.requester;
        clock = block.timestamp;
    }

    /// @dev Every step starts at the time the last completed step left (see `clock`).
    modifier step() {
        if (block.timestamp != clock) vm.warp(clock);
        _;
    }

    /* REQUESTER */

    function post(uint256 maxPrice, bool reauction, uint256 window) external step {
        if (_jobs.length >= MAX_JOBS) return;
        _post(maxPrice, reauction, window);
    }

    /* AUCTION */

    function commit(uint256 jobSeed, uint256 providerSeed, uint256 price) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Bidding, COMMIT_OPEN);
        if (jobId == 0) return;
        _commit(jobId, j, providers[providerSeed % providers.length], price);
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
        _reveal(jobId, j, who, price);
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
        _settle(jobId, j);
    }

    /// @dev A whole round in one step (one bid, revealed, settled, the result submitted), so that
    /// runs reach disputes often: the single moves above still interleave with it.
    function playRound(uint256 jobSeed, uint256 providerSeed, uint256 price, uint256 lieSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Bidding, COMMIT_OPEN);
        if (jobId == 0) {
            if (_jobs.length >= MAX_JOBS) return;
            jobId = _post(price, true, 1 hours);
            j = sys.market.getJob(jobId);
        }
        address who = providers[providerSeed % providers.length];
        if (_bids[jobId][j.round][who] != 0) return;
        price = _commit(jobId, j, who, price);
        _reveal(jobId, j, who, price);
        _settle(jobId, sys.market.getJob(jobId));
        j = sys.market.getJob(jobId);
        if (j.status == JobStatus.Assigned) _submit(jobId, j, lieSeed);
    }

    /* PROVIDER */

    function submit(uint256 jobSeed, uint256 lieSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Assigned, ANY);
        if (jobId == 0 || j.status != JobStatus.Assigned) return;
        _submit(jobId, j, lieSeed);
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
        bytes[] memory acts = _traceOf(jobId, j.round, j.provider);
        if (j.status == JobStatus.Submitted) _warpTo(uint256(j.deadline) + 1);
        bytes32[] memory h = DenseModel.hashes(acts);
        sys.market.finalize(jobId, h[h.length - 1], DenseModel.traceRoot(h), acts[acts.length - 1]);
        if (j.provider == liar) ++ghostLiesFinalized;
        ++calls;
    }

    /* DISPUTES */

    /// @dev The honest challenger challenges a lie at its first wrong layer; a sybil challenges
    /// layer `layerSeed` of whatever was submitted.
    function challenge(uint256 jobSeed, uint256 challengerSeed, uint256 layerSeed) external step {
        (uint256 jobId, IJobMarket.Job memory j) = _pickWith(jobSeed, JobStatus.Submitted, ANY);
        if (jobId == 0) return;
        uint256 k = challengerSeed % (sybils.length + 1);
        if (k == 0) {
            if (j.provider != liar || _watched[jobId][j.round]) return; // an honest challenger checks first
            _challenge(jobId, j, honestChallenger, lieOf[jobId][j.round].layer);
        } else {
            _challenge(jobId, j, sybils[k - 1], 1 + layerSeed % _layers.length);
        }
    }

    function respond(uint256 disputeSeed) external step {
        uint256 id = _pickDispute(disputeSeed);
        if (id == 0) return;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        _respond(id, d);
    }

    /// @dev The dispute's challenger proves: the lie's element when the dispute is at the lie's
    /// layer (the honest challenger always, a sybil every other time), else element `elementSeed`.
    function prove(uint256 disputeSeed, uint256 elementSeed) external step {
        uint256 id = _pickDispute(disputeSeed);
        if (id == 0) return;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        _prove(id, d, elementSeed);
    }

    function timeout(uint256 disputeSeed) external step {
        uint256 id = _pickDispute(disputeSeed);
        if (id == 0) return;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        _warpTo(uint256(d.deadline) + 1);
        _timeout(id, d);
    }

    function closeStale(uint256 disputeSeed) external step {
        uint256 id = _pickDispute(disputeSeed);
        if (id == 0) return;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        _move(d.jobId, d.provider);
        game.closeStaleDispute(id);
        _after(d, false);
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

    /* THE END OF A RUN (not fuzzed: the invariant test calls these from afterInvariant) */

    /// @notice Plays every running dispute to its end: the watching honest challenger challenges
    /// every submitted lie it has not challenged yet, then time passes every move deadline
    /// (the honest parties move first, the liar answers), and whatever is still open times out.
    function settleAll() external step {
        uint256[] memory ids = _jobs;
        for (uint256 i; i < ids.length; ++i) {
            IJobMarket.Job memory j = sys.market.getJob(ids[i]);
            if (j.provider != liar || (j.status != JobStatus.Submitted && j.status != JobStatus.Disputed)) continue;
            if (block.timestamp <= j.deadline && !_watched[ids[i]][j.round]) {
                _challenge(ids[i], j, honestChallenger, lieOf[ids[i]][j.round].layer);
            }
        }
        for (uint256 guard; guard < 1000; ++guard) {
            uint256 id = _firstRunningDispute();
            if (id == 0) return;
            // The liar answers too (its lies are then proven wrong element by element, not by timeout).
            uint256 n = game.disputeCount();
            for (uint256 k = 1; k <= n; ++k) {
                IDisputeGame.Dispute memory a = game.getDispute(k);
                if (a.phase == IDisputeGame.DisputePhase.AwaitingResponse && block.timestamp <= a.deadline) {
                    _respond(k, a);
                }
            }
            IDisputeGame.Dispute memory d = game.getDispute(id);
            if (!_running(d.phase)) continue;
            _warpTo(uint256(d.deadline) + 1);
            d = game.getDispute(id);
            if (_running(d.phase)) _timeout(id, d);
        }
        revert("settleAll: disputes never end");
    }

    /// @notice When a run played no dispute at all: a last job that the liar wins with a lie drawn
    /// from `seed`, then `settleAll` (the watching challenger convicts it), so that every run
    /// checks at least one dispute's outcome.
    function closingJob(uint256 seed) external step {
        uint256 jobId = _post(seed, false, 1 hours);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        uint256 price = _commit(jobId, j, liar, seed >> 128);
        _reveal(jobId, j, liar, price);
        _settle(jobId, sys.market.getJob(jobId));
        j = sys.market.getJob(jobId);
        require(j.status == JobStatus.Assigned && j.provider == liar, "closingJob: the liar did not win");
        _submit(jobId, j, seed);
    }

    /// @dev Honest parties make every move they owe before time moves on (they watch, as the
    /// reference worker does): the honest challenger challenges every lie whose challenge window
    /// the warp would close, honest providers answer every dispute against them, and the honest
    /// challenger proves the corrupted element of every dispute it opened. Then time moves to `t`.
    /// No try/catch: a move that fails must undo the whole step (the warp included: `clock`).
    function _warpTo(uint256 t) internal {
        if (t <= block.timestamp) return;
        for (uint256 i; i < _jobs.length; ++i) {
            uint256 jobId = _jobs[i];
            IJobMarket.Job memory j = sys.market.getJob(jobId);
            if (j.provider != liar || (j.status != JobStatus.Submitted && j.status != JobStatus.Disputed)) continue;
            if (block.timestamp > j.deadline || t <= j.deadline || _watched[jobId][j.round]) continue;
            _challenge(jobId, j, honestChallenger, lieOf[jobId][j.round].layer);
        }
        uint256 n = game.disputeCount();
        for (uint256 id = 1; id <= n; ++id) {
            IDisputeGame.Dispute memory d = game.getDispute(id);
            if (block.timestamp > d.deadline) continue;
            if (d.provider != liar && d.phase == IDisputeGame.DisputePhase.AwaitingResponse) {
                _respond(id, d);
            } else if (d.challenger == honestChallenger && d.phase == IDisputeGame.DisputePhase.AwaitingProof) {
                _prove(id, d, 0);
            }
        }
        vm.warp(t);
        clock = t; // rolled back with the step if it reverts (see `clock`)
    }

    /* MOVES */

    function _post(uint256 maxPrice, bool reauction, uint256 window) internal returns (uint256 jobId) {
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
        jobId = sys.market.postJob(r, _honest[0]);
        _jobs.push(jobId);
        phaseStart[jobId] = block.timestamp;
        ++calls;
    }

    function _commit(uint256 jobId, IJobMarket.Job memory j, address who, uint256 price) internal returns (uint256) {
        price = bound(price, (uint256(j.maxPrice) * sys.params.minBidBps() + BPS - 1) / BPS, j.maxPrice);
        bytes32 c = sys.market.bidCommitment(jobId, j.round, who, price, bytes32(price));
        vm.prank(who);
        sys.market.commitBid(jobId, c);
        _bids[jobId][j.round][who] = price;
        ++calls;
        return price;
    }

    function _reveal(uint256 jobId, IJobMarket.Job memory j, address who, uint256 price) internal {
        _warpTo(uint256(j.commitDeadline) + 1);
        vm.prank(who);
        sys.market.revealBid(jobId, price, bytes32(price));
        delete _bids[jobId][j.round][who];
        ++calls;
    }

    function _settle(uint256 jobId, IJobMarket.Job memory j) internal {
        _warpTo(uint256(j.revealDeadline) + 1);
        sys.market.settleAuction(jobId);
        phaseStart[jobId] = block.timestamp;
        ++calls;
    }

    /// @dev The provider submits its trace; the liar's changes one element of a conv (layer 1 or
    /// 2), add (3) or max pool (4) layer, drawn from `lieSeed`, by a nonzero amount.
    function _submit(uint256 jobId, IJobMarket.Job memory j, uint256 lieSeed) internal {
        bytes[] memory acts = _honest;
        if (j.provider == liar) {
            SpatialLayer[] memory layers = _layers;
            uint256 m = [uint256(1), 2, 3, 4][lieSeed % 4];
            uint256 e = (lieSeed >> 8) % acts[m].length;
            bytes memory changed = bytes.concat(acts[m]);
            unchecked {
                changed[e] = bytes1(uint8(changed[e]) + uint8(1 + (lieSeed >> 64) % 255));
            }
            acts[m] = changed;
            SpatialModel.forwardFrom(layers, acts, m + 1);
            bytes[] storage stored = _liarTrace[jobId][j.round];
            for (uint256 i; i < acts.length; ++i) {
                stored.push(acts[i]);
            }
            uint8 kind = layers[m - 1].kind;
            lieOf[jobId][j.round] = Lie({layer: uint16(m), element: uint32(e), kind: kind});
            ++ghostLiarSubmissions;
            _lieRounds.push([jobId, uint256(j.round)]);
            ++_liesAt[kind];
        }
        vm.prank(j.provider);
        sys.market.submitResult(jobId, acts[acts.length - 1], DenseModel.hidden(DenseModel.hashes(acts)));
        phaseStart[jobId] = block.timestamp;
        ++calls;
    }

    function _challenge(uint256 jobId, IJobMarket.Job memory j, address who, uint256 l) internal {
        if (who == honestChallenger) {
            uint256 bond = sys.params.challengerBond();
            if (sys.token.balanceOf(who) < bond && game.claimable(who) != 0) {
                vm.prank(who);
                game.claim();
            }
            _watched[jobId][j.round] = true;
        }
        bytes32[] memory h = DenseModel.hashes(_traceOf(jobId, j.round, j.provider));
        vm.prank(who);
        game.challenge(
            jobId,
            l,
            h[h.length - 1],
            DenseModel.traceRoot(h),
            h[l - 1],
            DenseModel.traceProof(h, l - 1),
            h[l],
            DenseModel.traceProof(h, l)
        );
        ++_disputesAt[_layers[l - 1].kind];
        ++calls;
    }

    function _respond(uint256 id, IDisputeGame.Dispute memory d) internal {
        bytes[] memory acts = _traceOf(d.jobId, d.round, d.provider);
        _move(d.jobId, d.provider);
        vm.prank(d.provider);
        game.respond(id, acts[d.layer]);
        _after(d, false);
    }

    function _prove(uint256 id, IDisputeGame.Dispute memory d, uint256 elementSeed) internal {
        bytes[] memory acts = _traceOf(d.jobId, d.round, d.provider);
        uint256 l = d.layer;
        uint256 j = elementSeed % acts[l].length;
        if (d.provider == liar) {
            Lie memory lie = lieOf[d.jobId][d.round];
            if (lie.layer == l && (d.challenger == honestChallenger || elementSeed % 2 == 0)) j = lie.element;
        }
        _move(d.jobId, d.provider);
        vm.prank(d.challenger);
        (bool ok, bytes memory ret) = address(game).call(_proveCall(id, l, j, acts));
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        _after(d, true);
    }

    function _timeout(uint256 id, IDisputeGame.Dispute memory d) internal {
        _move(d.jobId, d.provider);
        game.timeout(id);
        _after(d, false);
    }

    /// @notice The calldata of the last move on element `j` of layer `l` of the committed trace
    /// `acts`, by the layer's kind.
    function _proveCall(uint256 id, uint256 l, uint256 j, bytes[] memory acts) internal view returns (bytes memory) {
        SpatialLayer[] memory layers = _layers;
        uint8 kind = layers[l - 1].kind;
        bytes memory prev = acts[l - 1];
        bytes memory y = acts[l];
        if (kind == KIND_DENSE) {
            return abi.encodeCall(IDisputeGame.proveNeuron, (id, j, prev, y, SpatialModel.denseProof(layers, l, j)));
        }
        if (kind == KIND_CONV) {
            return abi.encodeCall(IDisputeGame.proveConv, (id, j, prev, y, SpatialModel.convProof(layers, l, j)));
        }
        if (kind == KIND_ADD) {
            return abi.encodeCall(IDisputeGame.proveAdd, (id, j, prev, y, SpatialModel.addProof(layers, l, acts)));
        }
        return abi.encodeCall(IDisputeGame.provePool, (id, j, prev, y, SpatialModel.poolProof(layers, l)));
    }

    /* VIEWS FOR THE INVARIANTS */

    function jobs() external view returns (uint256[] memory) {
        return _jobs;
    }

    function lieRounds() external view returns (uint256[2][] memory) {
        return _lieRounds;
    }

    function providerCount() external view returns (uint256) {
        return providers.length;
    }

    function layerCount() external view returns (uint256) {
        return _layers.length;
    }

    function layerKind(uint256 l) external view returns (uint8) {
        return _layers[l - 1].kind;
    }

    /// @notice Per layer kind: lies submitted, disputes opened, convictions by proof, by timeout.
    function countsAt(uint8 kind)
        external
        view
        returns (uint256 lies, uint256 disputes, uint256 proven, uint256 timedOut)
    {
        return (_liesAt[kind], _disputesAt[kind], _provenAt[kind], _timedOutAt[kind]);
    }

    /* INTERNAL */

    function _traceOf(uint256 jobId, uint8 round, address provider) internal view returns (bytes[] memory) {
        return provider == liar ? _liarTrace[jobId][round] : _honest;
    }

    uint256 internal _stakeBefore;

    /// @dev Records what a dispute move may change: the provider's stake.
    function _move(uint256, address provider) internal {
        _stakeBefore = _stake(provider);
    }

    /// @dev A move that convicted a round slashed its provider's collateral: count the floor, and
    /// the conviction by the layer's kind and how it came (a proof, or a missed response).
    function _after(IDisputeGame.Dispute memory d, bool byProof) internal {
        ++calls;
        uint256 stakeAfter = _stake(d.provider);
        if (stakeAfter >= _stakeBefore) return;
        IJobMarket.Job memory j = sys.market.getJob(d.jobId);
        if (d.provider != liar) {
            ++ghostHonestConvictions;
            return;
        }
        uint256 slash = uint256(j.collateral) * sys.params.fraudSlashBps() / BPS;
        ghostLiarFloors += slash - slash * sys.params.challengerShareBps() / BPS - slash
            * sys.params.requesterShareBps() / BPS;
        convicted[d.jobId][d.round] = true;
        uint8 kind = _layers[d.layer - 1].kind;
        if (byProof) ++_provenAt[kind];
        else ++_timedOutAt[kind];
        phaseStart[d.jobId] = block.timestamp; // a new round (or the end)
    }

    function _stake(address who) internal view returns (uint256) {
        IStaking.StakeInfo memory s = sys.staking.stakeOf(who);
        return uint256(s.bonded) + s.unbonding;
    }

    function _running(IDisputeGame.DisputePhase p) internal pure returns (bool) {
        return p == IDisputeGame.DisputePhase.AwaitingResponse || p == IDisputeGame.DisputePhase.AwaitingProof;
    }

    function _firstRunningDispute() internal view returns (uint256) {
        uint256 n = game.disputeCount();
        for (uint256 id = 1; id <= n; ++id) {
            if (_running(game.getDispute(id).phase)) return id;
        }
        return 0;
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
