// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {DisputeGame} from "../../../src/dispute/DisputeGame.sol";
import {IDisputeGame} from "../../../src/interfaces/IDisputeGame.sol";
import {ModelKind} from "../../../src/types/ModelKind.sol";
import {DenseLayer, DenseModel} from "./DenseModel.sol";
import {JobMarketDouble} from "./JobMarketDouble.sol";
import {ModelRegistryDouble} from "./ModelRegistryDouble.sol";
import {ParametersDouble} from "./ParametersDouble.sol";
import {TestToken} from "./TestToken.sol";

/// @notice The dispute game wired to test doubles of the market, the registry and the parameters
/// (the real contracts are integrated later), with helpers that play each side of a dispute.
abstract contract DisputeGameTestBase is Test {
    uint256 internal constant BOND = 100e18;
    uint32 internal constant MOVE_TIMEOUT = 1 hours;
    uint256 internal constant WINDOW = 1 days;

    TestToken internal token;
    ParametersDouble internal params;
    ModelRegistryDouble internal registry;
    JobMarketDouble internal market;
    DisputeGame internal game;

    address internal provider = makeAddr("provider");
    address internal challenger = makeAddr("challenger");
    address internal stranger = makeAddr("stranger");

    /// @notice A job on a model, with the honest trace and the trace the provider committed.
    struct Scenario {
        DenseLayer[] layers;
        bytes[] honest; // a_0 .. a_L as computed by the reference executor
        bytes[] committed; // a_0 .. a_L as the provider claims them (a_0 is always the job's input)
        bytes32[] hashes; // h_0 .. h_L of `committed`
        bytes32 traceRoot;
        uint256 modelId;
        uint256 jobId;
    }

    function setUp() public virtual {
        token = new TestToken();
        params = new ParametersDouble(BOND, MOVE_TIMEOUT);
        registry = new ModelRegistryDouble();
        market = new JobMarketDouble();
        game = new DisputeGame(market, params, registry, token);
        market.setGame(address(game));
        _fund(challenger);
        _fund(stranger);
    }

    function _fund(address account) internal {
        token.mint(account, 10 * BOND);
        vm.prank(account);
        token.approve(address(game), type(uint256).max);
    }

    // ---------------------------------------------------------------- scenarios

    /// @notice A model with widths `widths` and an honest provider's job on it.
    function _honest(uint256 seed, uint256[] memory widths) internal returns (Scenario memory sc) {
        (DenseLayer[] memory layers, bytes memory input) = DenseModel.random(seed, widths);
        sc = _scenario(layers, input);
        _submit(sc);
    }

    /// @notice A model and an honest trace, not yet submitted (the test may tamper with `committed`).
    function _scenario(DenseLayer[] memory layers, bytes memory input) internal pure returns (Scenario memory sc) {
        sc.layers = layers;
        sc.honest = DenseModel.forward(layers, input);
        sc.committed = new bytes[](sc.honest.length);
        for (uint256 i; i < sc.honest.length; ++i) {
            sc.committed[i] = sc.honest[i];
        }
    }

    /// @notice Register the model and submit the committed trace as the job's result.
    function _submit(Scenario memory sc) internal {
        sc.modelId =
            registry.addModel(ModelKind.IntegerDense, uint16(sc.layers.length), DenseModel.weightCommitment(sc.layers));
        sc.hashes = DenseModel.hashes(sc.committed);
        sc.traceRoot = DenseModel.traceRoot(sc.hashes);
        sc.jobId = market.submitJob(
            provider, uint32(sc.modelId), sc.hashes[0], sc.hashes[sc.hashes.length - 1], sc.traceRoot, WINDOW
        );
    }

    /// @notice The default scenario: an honest job on a 3-layer model 13-9-20-5 (no width a multiple of 8).
    function _defaultHonest() internal returns (Scenario memory) {
        uint256[] memory widths = new uint256[](4);
        (widths[0], widths[1], widths[2], widths[3]) = (13, 9, 20, 5);
        return _honest(1, widths);
    }

    /// @notice The provider changes element `e` of its a_m by `delta` (mod 256, nonzero), and, with
    /// `propagate`, recomputes the later layers from the changed vector (a consistent lie).
    function _lieAt(Scenario memory sc, uint256 m, uint256 e, uint8 delta, bool propagate) internal pure {
        require(delta != 0, "no lie");
        bytes memory changed = bytes.concat(sc.committed[m]); // a copy: `honest` must not move
        unchecked {
            // mod 256 on purpose: any nonzero delta gives a different byte
            changed[e] = bytes1(uint8(changed[e]) + delta);
        }
        sc.committed[m] = changed;
        if (propagate) {
            for (uint256 i = m + 1; i < sc.committed.length; ++i) {
                sc.committed[i] = DenseModel.layerOutput(sc.layers[i - 1], sc.committed[i - 1]);
            }
        }
    }

    /// @notice The provider commits a vector of a different length as its a_m: one byte longer
    /// with `longer`, else one shorter (possibly empty).
    function _lieAboutLength(Scenario memory sc, uint256 m, bool longer) internal pure {
        bytes memory honest = sc.committed[m];
        bytes memory changed = new bytes(longer ? honest.length + 1 : honest.length - 1);
        for (uint256 i; i < changed.length && i < honest.length; ++i) {
            changed[i] = honest[i];
        }
        sc.committed[m] = changed;
    }

    // ---------------------------------------------------------------- moves

    function _outputHash(Scenario memory sc) internal pure returns (bytes32) {
        return sc.hashes[sc.hashes.length - 1];
    }

    /// @notice `who` challenges layer `l` naming the committed hashes, with valid proofs.
    function _challenge(Scenario memory sc, address who, uint256 l) internal returns (uint256 disputeId) {
        bytes32[] memory proofPrev = DenseModel.traceProof(sc.hashes, l - 1);
        bytes32[] memory proofDisputed = DenseModel.traceProof(sc.hashes, l);
        vm.prank(who);
        disputeId = game.challenge(
            sc.jobId, l, _outputHash(sc), sc.traceRoot, sc.hashes[l - 1], proofPrev, sc.hashes[l], proofDisputed
        );
    }

    /// @notice The provider reveals the committed a_l.
    function _respond(Scenario memory sc, uint256 disputeId, uint256 l) internal {
        vm.prank(provider);
        game.respond(disputeId, sc.committed[l]);
    }

    /// @notice The challenger proves element `j` of layer `l` with honest weights.
    function _prove(Scenario memory sc, uint256 disputeId, uint256 l, uint256 j) internal {
        _proveAs(sc, disputeId, l, j, challenger);
    }

    /// @notice `who` (the dispute's challenger) proves element `j` of layer `l` with honest weights.
    function _proveAs(Scenario memory sc, uint256 disputeId, uint256 l, uint256 j, address who) internal {
        IDisputeGame.LayerProof memory proof = DenseModel.layerProof(sc.layers, l, j);
        vm.prank(who);
        game.proveNeuron(disputeId, j, sc.committed[l - 1], sc.committed[l], proof);
    }

    // ---------------------------------------------------------------- assertions

    /// @notice The dispute ended with `providerWon`, the market heard it (in the dispute's round)
    /// and applied it, and the winner holds the bond.
    function _assertResolved(uint256 disputeId, Scenario memory sc, bool providerWon, uint256 creditBefore)
        internal
        view
    {
        _assertResolvedAs(disputeId, sc, providerWon, creditBefore, true);
    }

    /// @notice As `_assertResolved`, with whether the market applied the outcome (false: a stale dispute).
    function _assertResolvedAs(
        uint256 disputeId,
        Scenario memory sc,
        bool providerWon,
        uint256 creditBefore,
        bool applied
    ) internal view {
        IDisputeGame.Dispute memory d = game.getDispute(disputeId);
        assertEq(
            uint8(d.phase),
            uint8(providerWon ? IDisputeGame.DisputePhase.ProviderWon : IDisputeGame.DisputePhase.ChallengerWon),
            "phase"
        );
        (uint256 jobId, bool marketProviderWon, address marketChallenger, uint8 round, bool marketApplied) =
            market.lastResolution();
        assertEq(jobId, sc.jobId, "market job");
        assertEq(marketProviderWon, providerWon, "market providerWon");
        assertEq(marketChallenger, d.challenger, "market challenger");
        assertEq(round, d.round, "market round");
        assertEq(marketApplied, applied, "market applied");
        address winner = providerWon ? d.provider : d.challenger;
        assertEq(game.claimable(winner), creditBefore + d.bond, "winner credited");
    }
}
