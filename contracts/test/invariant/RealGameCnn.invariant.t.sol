// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {Parameters} from "../../src/Parameters.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {DenseModel} from "../dispute/utils/DenseModel.sol";
import {
    KIND_ADD,
    KIND_CONV,
    KIND_DENSE,
    KIND_MAXPOOL,
    SpatialLayer,
    SpatialModel
} from "../dispute/utils/SpatialModel.sol";
import {EconomicsFixture} from "../economics/EconomicsFixture.sol";
import {RealGameCnnHandler} from "./RealGameCnnHandler.sol";

/// @notice The economic invariants of `RealGame.invariant.t.sol` on a CONVOLUTIONAL model: the real
/// dispute game in the real market and staking with the production parameters, on a small CNN
/// (input 1x6x6 -> 1 conv 3x3 1->2 pad 1 + relu (2x6x6) -> 2 conv 3x3 2->2 pad 1 -> 3 add a_2 + a_1
/// + relu -> 4 max pool 2 (2x3x3) -> 5 dense 18 -> 4) registered in the real registry, driven by
/// `RealGameCnnHandler`: the liar corrupts one element of a conv, add or pool layer; the honest
/// challenger proves it with the layer kind's proof; the sybils challenge any layer. Plus: the
/// honest challenger never loses a dispute, an honest provider is never convicted, no lie is
/// finalized; and at the end of every run every dispute is played out and its outcome checked.
/// forge-config: default.invariant.runs = 16
/// forge-config: default.invariant.depth = 64
/// forge-config: ci.invariant.runs = 96
/// forge-config: ci.invariant.depth = 64
/// forge-config: default.isolate = false
/// forge-config: ci.isolate = false
contract RealGameCnnInvariantTest is EconomicsFixture {
    RealGameCnnHandler internal handler;
    uint256 internal cnn;
    address[] internal _sybils;
    address[] internal _vrtHolders;
    address[] internal _usdHolders;
    uint256 internal sybilFunds;

    function setUp() public override {
        super.setUp();
        _sybils.push(makeAddr("sybil1"));
        _sybils.push(makeAddr("sybil2"));
        for (uint256 i; i < _sybils.length; ++i) {
            _fundChallenger(_sybils[i]);
        }
        sybilFunds = 100 * sys.params.challengerBond();
        SpatialLayer[] memory layers = cnnLayers();
        cnn = _registerCnn(layers);
        address[] memory ps = new address[](3);
        (ps[0], ps[1], ps[2]) = (alice, bob, carol); // alice lies
        RealGameCnnHandler.Config memory c;
        c.modelId = cnn;
        c.layers = layers;
        c.input = DenseModel.randomBytes(keccak256("cnn input"), 36);
        c.providers = ps;
        c.challenger = challenger;
        c.sybils = _sybils;
        c.requester = requester;
        handler = new RealGameCnnHandler(sys, c);
        address[14] memory v = [
            address(this),
            alice,
            bob,
            carol,
            challenger,
            _sybils[0],
            _sybils[1],
            requester,
            treasury,
            publisher,
            address(sys.staking),
            address(game),
            address(sys.models),
            address(sys.market)
        ];
        for (uint256 i; i < v.length; ++i) {
            _vrtHolders.push(v[i]);
        }
        address[6] memory u = [requester, address(sys.market), alice, bob, carol, treasury];
        for (uint256 i; i < u.length; ++i) {
            _usdHolders.push(u[i]);
        }
        targetContract(address(handler));
        bytes4[] memory endOfRun = new bytes4[](2);
        endOfRun[0] = handler.settleAll.selector;
        endOfRun[1] = handler.closingJob.selector;
        excludeSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: endOfRun}));
    }

    /// @notice The CNN: conv -> conv -> residual add -> max pool -> dense.
    function cnnLayers() public pure returns (SpatialLayer[] memory layers) {
        layers = new SpatialLayer[](5);
        layers[0] = _conv(1, true);
        layers[1] = _conv(2, false);
        (layers[2].kind, layers[2].C, layers[2].H, layers[2].W, layers[2].skip) = (KIND_ADD, 2, 6, 6, 1);
        (layers[2].Ma, layers[2].Mb, layers[2].s, layers[2].relu) = (3000, 5000, 13, true);
        (layers[3].kind, layers[3].C, layers[3].H, layers[3].W) = (KIND_MAXPOOL, 2, 6, 6);
        (layers[3].kh, layers[3].kw, layers[3].stride) = (2, 2, 2);
        (layers[4].kind, layers[4].C, layers[4].H, layers[4].W, layers[4].Cout) = (KIND_DENSE, 18, 1, 1, 4);
        (layers[4].M, layers[4].s) = (900, 14);
        layers[4].weights = DenseModel.randomBytes(keccak256("cnn dense"), 72);
        layers[4].bias = new int32[](4);
    }

    function _conv(uint16 Cin, bool relu) internal pure returns (SpatialLayer memory L) {
        (L.kind, L.C, L.H, L.W, L.Cout) = (KIND_CONV, Cin, 6, 6, 2);
        (L.kh, L.kw, L.stride, L.pad) = (3, 3, 1, 1);
        (L.M, L.s, L.relu) = (400, 16, relu);
        L.weights = DenseModel.randomBytes(keccak256(abi.encode("cnn conv", Cin)), 2 * uint256(Cin) * 9);
        L.bias = new int32[](2);
        (L.bias[0], L.bias[1]) = (-1500, 2500);
    }

    function _registerCnn(SpatialLayer[] memory layers) internal returns (uint256 id) {
        uint32[] memory widths = new uint32[](layers.length + 1);
        widths[0] = 36;
        for (uint256 l; l < layers.length; ++l) {
            widths[l + 1] = uint32(SpatialModel.outputSize(layers[l]));
        }
        sys.token.transfer(publisher, sys.params.modelRegistrationBond());
        vm.prank(publisher);
        id = sys.models
            .registerModel(
                IModelRegistry.ModelSpec({
                    artifactHash: keccak256("invariant-cnn"),
                    uri: "ipfs://invariant-cnn",
                    kind: ModelKind.IntegerDense,
                    widths: widths,
                    weightCommitment: SpatialModel.weightCommitment(layers),
                    computeUnits: 1
                })
            );
    }

    function _isOpen(JobStatus s) internal pure returns (bool) {
        return s == JobStatus.Bidding || s == JobStatus.Assigned || s == JobStatus.Submitted || s == JobStatus.Disputed;
    }

    function _running(IDisputeGame.DisputePhase p) internal pure returns (bool) {
        return p == IDisputeGame.DisputePhase.AwaitingResponse || p == IDisputeGame.DisputePhase.AwaitingProof;
    }

    function _stake(address who) internal view returns (uint256) {
        IStaking.StakeInfo memory s = sys.staking.stakeOf(who);
        return uint256(s.bonded) + s.unbonding;
    }

    /// @dev Bonds of `who`'s disputes still running (held by the game, returned or lost later).
    function _runningBonds(address who) internal view returns (uint256 total) {
        for (uint256 id = 1; id <= game.disputeCount(); ++id) {
            IDisputeGame.Dispute memory d = game.getDispute(id);
            if (who != address(0) && d.challenger != who) continue;
            if (_running(d.phase)) total += d.bond;
        }
    }

    /* FUNDS CONSERVED ACROSS MARKET, STAKING AND GAME */

    /// @notice The market holds exactly the escrow of open jobs plus every unclaimed credit, and no
    /// payment token leaves the known accounts.
    function invariant_paymentTokenConserved() public view {
        uint256 escrow;
        uint256[] memory ids = handler.jobs();
        for (uint256 i; i < ids.length; ++i) {
            IJobMarket.Job memory j = sys.market.getJob(ids[i]);
            if (_isOpen(j.status)) escrow += j.maxPrice;
        }
        uint256 owed;
        uint256 held;
        for (uint256 i; i < _usdHolders.length; ++i) {
            owed += sys.market.claimable(_usdHolders[i]);
            held += usd.balanceOf(_usdHolders[i]);
        }
        assertEq(usd.balanceOf(address(sys.market)), escrow + owed, "market = open escrow + credits");
        assertEq(held, usd.totalSupply(), "no payment token lost");
    }

    /// @notice Staking holds exactly the providers' stake; no VRT leaves the known accounts.
    function invariant_stakeTokenConserved() public view {
        uint256 staked;
        for (uint256 i; i < handler.providerCount(); ++i) {
            staked += _stake(handler.providers(i));
        }
        assertEq(sys.token.balanceOf(address(sys.staking)), staked, "staking = bonded + unbonding");
        uint256 held;
        for (uint256 i; i < _vrtHolders.length; ++i) {
            held += sys.token.balanceOf(_vrtHolders[i]);
        }
        assertEq(held, sys.token.totalSupply(), "no VRT lost");
    }

    /// @notice The game holds exactly the bonds of running disputes, the unclaimed credits and what
    /// is left of the reward pots.
    function invariant_gameHoldsExactlyWhatItOwes() public view {
        uint256 owed = _runningBonds(address(0));
        for (uint256 i; i < _vrtHolders.length; ++i) {
            owed += game.claimable(_vrtHolders[i]);
        }
        uint256[] memory ids = handler.jobs();
        for (uint256 i; i < ids.length; ++i) {
            for (uint8 r; r < sys.market.MAX_ROUNDS(); ++r) {
                (uint256 remaining,) = game.rewardPot(ids[i], r);
                owed += remaining;
            }
        }
        assertEq(sys.token.balanceOf(address(game)), owed);
    }

    /* WHO LOSES WHAT */

    /// @notice Whatever its sybils do (dispute first, dilute, self-convict, win bonds), the liar and
    /// its sybils together lose at least the penalty floor of every conviction.
    function invariant_convictedLiarLosesAtLeastTheFloor() public view {
        int256 loss = int256(STAKE) - int256(_stake(alice));
        int256 recovered = int256(sys.token.balanceOf(alice) + game.claimable(alice));
        for (uint256 i; i < _sybils.length; ++i) {
            address s = _sybils[i];
            recovered += int256(sys.token.balanceOf(s) + game.claimable(s) + _runningBonds(s)) - int256(sybilFunds);
        }
        assertGe(loss - recovered, int256(handler.ghostLiarFloors()), "the floor is unrecoverable");
        assertGe(
            uint256(sys.params.fraudSlashBps())
                * (10_000 - uint256(sys.params.challengerShareBps()) - sys.params.requesterShareBps()),
            Parameters(address(sys.params)).PENALTY_FLOOR_BPS() * 10_000
        );
    }

    /// @notice An honest provider is never convicted, whatever layer the sybils challenge: its
    /// stake only ever moves by its own liveness faults, and no dispute against it ends for the
    /// challenger.
    function invariant_honestProviderNeverLosesCollateral() public view {
        assertEq(handler.ghostHonestConvictions(), 0, "no honest conviction");
        assertEq(_stake(bob) + handler.ghostLivenessSlashed(bob), STAKE, "bob");
        assertEq(_stake(carol) + handler.ghostLivenessSlashed(carol), STAKE, "carol");
        for (uint256 id = 1; id <= game.disputeCount(); ++id) {
            IDisputeGame.Dispute memory d = game.getDispute(id);
            if (d.provider == alice) continue;
            assertTrue(d.phase != IDisputeGame.DisputePhase.ChallengerWon, "an honest provider lost a dispute");
        }
    }

    /// @notice The honest challenger never loses a dispute (so never loses a bond): every dispute it
    /// opened is running or ended in its favour.
    function invariant_honestChallengerNeverLoses() public view {
        for (uint256 id = 1; id <= game.disputeCount(); ++id) {
            IDisputeGame.Dispute memory d = game.getDispute(id);
            if (d.challenger != challenger) continue;
            assertTrue(d.phase != IDisputeGame.DisputePhase.ProviderWon, "the honest challenger lost a dispute");
        }
    }

    /// @notice The challenger watches: no lie is ever finalized (and paid).
    function invariant_noLieFinalized() public view {
        assertEq(handler.ghostLiesFinalized(), 0, "a lie was finalized");
        uint256[] memory ids = handler.jobs();
        for (uint256 i; i < ids.length; ++i) {
            IJobMarket.Job memory j = sys.market.getJob(ids[i]);
            if (j.status == JobStatus.Finalized) assertTrue(j.provider != alice, "the liar's result finalized");
        }
    }

    /* TIME */

    /// @notice No job is held longer than its windows allow (as in the dense campaign).
    function invariant_noJobHeldLongerThanItsWindows() public view {
        uint256[] memory ids = handler.jobs();
        uint256 move = sys.params.disputeMoveTimeout();
        for (uint256 i; i < ids.length; ++i) {
            IJobMarket.Job memory j = sys.market.getJob(ids[i]);
            if (!_isOpen(j.status)) continue;
            uint256 start = handler.phaseStart(ids[i]);
            assertLt(j.round, sys.market.MAX_ROUNDS(), "rounds");
            if (j.status == JobStatus.Bidding) {
                assertLe(j.commitDeadline, start + sys.params.commitWindow(), "commit");
                assertEq(j.revealDeadline, j.commitDeadline + sys.params.revealWindow(), "reveal");
            } else if (j.status == JobStatus.Assigned) {
                assertLe(j.deadline, start + j.executionWindow, "execution");
            } else {
                assertLe(j.deadline, start + sys.params.challengeWindow(), "challenge");
            }
        }
        for (uint256 id = 1; id <= game.disputeCount(); ++id) {
            IDisputeGame.Dispute memory d = game.getDispute(id);
            if (!_running(d.phase)) continue;
            IJobMarket.Job memory j = sys.market.getJob(d.jobId);
            if (j.round != d.round || !_isOpen(j.status)) continue; // stale: closable at once
            assertLe(d.deadline, uint256(j.deadline) + 2 * move, "dispute moves");
        }
    }

    /* THE END OF EVERY RUN */

    /// @notice Plays every running dispute out (deadlines pass, honest parties move, the rest times
    /// out; a run that played no dispute gets a last job the liar wins and lies in), then checks
    /// every outcome: all disputes ended, every lie convicted, every honest challenge won, no
    /// honest provider convicted, and the funds invariants still hold. Logs the convictions by layer kind.
    function afterInvariant() external {
        if (game.disputeCount() == 0) {
            handler.closingJob(uint256(keccak256(abi.encode(block.timestamp, handler.calls()))));
        }
        handler.settleAll();
        uint256 n = game.disputeCount();
        assertGt(n, 0, "no dispute was played");
        for (uint256 id = 1; id <= n; ++id) {
            IDisputeGame.Dispute memory d = game.getDispute(id);
            assertFalse(_running(d.phase), "a dispute is still running");
            if (d.challenger == challenger) {
                assertEq(uint8(d.phase), uint8(IDisputeGame.DisputePhase.ChallengerWon), "honest challenge lost");
            }
            if (d.provider != alice) {
                assertEq(uint8(d.phase), uint8(IDisputeGame.DisputePhase.ProviderWon), "honest provider lost");
            }
        }
        // Every lie submitted was convicted: no liar round is left submitted or finalized.
        uint256[] memory ids = handler.jobs();
        for (uint256 i; i < ids.length; ++i) {
            IJobMarket.Job memory j = sys.market.getJob(ids[i]);
            if (j.provider != alice) continue;
            assertTrue(
                j.status != JobStatus.Submitted && j.status != JobStatus.Disputed && j.status != JobStatus.Finalized,
                "a lie survived"
            );
        }
        // ... and each lie's round was convicted (its provider slashed) exactly when it ended.
        uint256[2][] memory lies = handler.lieRounds();
        for (uint256 i; i < lies.length; ++i) {
            assertTrue(handler.convicted(lies[i][0], uint8(lies[i][1])), "a lie's round ended unconvicted");
        }
        assertEq(_convictions(), lies.length, "one conviction per lie");
        invariant_paymentTokenConserved();
        invariant_stakeTokenConserved();
        invariant_gameHoldsExactlyWhatItOwes();
        invariant_convictedLiarLosesAtLeastTheFloor();
        invariant_honestProviderNeverLosesCollateral();
        invariant_honestChallengerNeverLoses();
        invariant_noLieFinalized();
        _summary();
    }

    function _convictions() internal view returns (uint256 total) {
        // by the disputed layer's kind: a sybil may convict the liar at another layer than the lie's
        // (the dense one included) when the liar leaves its challenge unanswered
        uint8[4] memory kinds = [KIND_CONV, KIND_ADD, KIND_MAXPOOL, KIND_DENSE];
        for (uint256 k; k < kinds.length; ++k) {
            (,, uint256 proven, uint256 timedOut) = handler.countsAt(kinds[k]);
            total += proven + timedOut;
        }
    }

    /// @dev One line per run (run with -vv): lies / disputes / convictions by proof / by timeout per kind.
    function _summary() internal view {
        string[4] memory names = ["conv", "add", "pool", "dense"];
        uint8[4] memory kinds = [KIND_CONV, KIND_ADD, KIND_MAXPOOL, KIND_DENSE];
        string memory line = string.concat("run: disputes ", vm.toString(game.disputeCount()));
        for (uint256 k; k < kinds.length; ++k) {
            (uint256 lies, uint256 disputes, uint256 proven, uint256 timedOut) = handler.countsAt(kinds[k]);
            line = string.concat(
                line,
                " | ",
                names[k],
                " lies ",
                vm.toString(lies),
                " disputes ",
                vm.toString(disputes),
                " proven ",
                vm.toString(proven),
                " timedout ",
                vm.toString(timedOut)
            );
        }
        console2.log(line);
    }

    /* THE HANDLER REACHES WHAT THE INVARIANTS WATCH */

    /// @dev A lie at each kind (conv, add, pool; the lie seed's low bits pick layer 1..4) is
    /// challenged by the honest challenger, answered by the liar and proven: four convictions.
    function test_handler_convictsAtEveryKind() public {
        for (uint256 m; m < 4; ++m) {
            // alice wins a round (a new job, or the last one re-auctioned) and lies at layer m + 1
            handler.playRound(0, 0, 3e6, m + (7 << 8) + (5 << 64));
            handler.challenge(0, 0, 0); // the honest challenger, at the first wrong layer
            uint256 id = game.disputeCount();
            assertEq(game.getDispute(id).layer, m + 1, "at the lie's layer");
            handler.respond(id - 1);
            handler.prove(id - 1, 1);
            assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon), "convicted");
        }
        (, uint256 convDisputes, uint256 convProven,) = handler.countsAt(KIND_CONV);
        (, uint256 addDisputes, uint256 addProven,) = handler.countsAt(KIND_ADD);
        (, uint256 poolDisputes, uint256 poolProven,) = handler.countsAt(KIND_MAXPOOL);
        assertEq(convDisputes, 2);
        assertEq(convProven, 2);
        assertEq(addDisputes, 1);
        assertEq(addProven, 1);
        assertEq(poolDisputes, 1);
        assertEq(poolProven, 1);
        invariant_convictedLiarLosesAtLeastTheFloor();
        invariant_gameHoldsExactlyWhatItOwes();
        invariant_stakeTokenConserved();
        invariant_paymentTokenConserved();
    }

    /// @dev A sybil challenges an honest provider (bob) at every layer and proves an element: it
    /// loses every dispute and its bond.
    function test_handler_sybilLosesAtEveryLayerAgainstHonest() public {
        handler.playRound(type(uint256).max, 1, 3e6, 0); // bob
        uint256 bobBefore = game.claimable(bob);
        for (uint256 l = 1; l <= handler.layerCount(); ++l) {
            handler.challenge(0, 1, l - 1); // sybil1 at layer l
            uint256 id = game.disputeCount();
            handler.respond(id - 1);
            handler.prove(id - 1, 11 * l);
            assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ProviderWon), "sybil lost");
        }
        assertEq(game.claimable(bob) - bobBefore, 5 * sys.params.challengerBond(), "five bonds to bob");
        invariant_honestProviderNeverLosesCollateral();
        invariant_gameHoldsExactlyWhatItOwes();
    }

    /// @dev The end-of-run settlement convicts a lie nobody challenged yet (the watching
    /// challenger challenges it before its window closes) and ends a sybil's dispute by timeout.
    function test_handler_settleAllConvictsAnUnchallengedLie() public {
        handler.playRound(type(uint256).max, 0, 3e6, 2); // alice lies at the add layer
        handler.playRound(type(uint256).max, 2, 3e6, 0); // carol
        handler.challenge(1, 2, 3); // sybil2 challenges carol at the pool layer
        handler.settleAll();
        // convicted: the job is re-auctioned (its request asks for it)
        assertEq(uint8(sys.market.getJob(1).status), uint8(JobStatus.Bidding), "the lie was convicted");
        assertEq(sys.market.getJob(1).round, 1);
        assertGt(handler.ghostLiarFloors(), 0);
        assertEq(uint8(game.getDispute(1).phase), uint8(IDisputeGame.DisputePhase.ProviderWon), "sybil timed out");
        (,, uint256 addProven,) = handler.countsAt(KIND_ADD);
        assertEq(addProven, 1);
    }

    /// @dev See `RealGameInvariantTest.test_handler_revertedStepDoesNotMoveTime`: a reverted step
    /// (a timeout that proved on its way and found nothing to time out) moves no time.
    function test_handler_revertedStepDoesNotMoveTime() public {
        handler.playRound(type(uint256).max, 0, 3e6, 0); // alice lies at the first conv
        handler.challenge(0, 0, 0);
        handler.respond(0);
        IDisputeGame.Dispute memory d = game.getDispute(1);
        assertEq(uint8(d.phase), uint8(IDisputeGame.DisputePhase.AwaitingProof));
        uint256 before = block.timestamp;
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeGame.DisputeWrongPhase.selector, 1, IDisputeGame.DisputePhase.ChallengerWon)
        );
        handler.timeout(0);
        vm.warp(uint256(d.deadline) + 1);
        try handler.timeout(0) {} catch {}
        assertEq(game.claimable(alice), 0, "the liar won no bond");
        handler.prove(0, 0);
        assertEq(block.timestamp, before, "the reverted steps moved no time");
        assertGt(handler.ghostLiarFloors(), 0, "convicted");
    }
}
