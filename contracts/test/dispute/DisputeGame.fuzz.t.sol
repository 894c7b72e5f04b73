// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DenseLayer, DenseModel} from "./utils/DenseModel.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

/// @notice The two properties the game exists for, on random models (1 to 5 layers, widths 1 to 24):
/// an honest provider never loses, and a provider whose trace differs from the honest one in any
/// way always loses against an honest challenger.
contract DisputeGameFuzzTest is DisputeGameTestBase {
    uint256 internal constant MAX_LAYERS = 5;
    uint256 internal constant MAX_WIDTH = 24;

    function _random(uint256 seed, uint256 layerCount) internal pure returns (Scenario memory) {
        (DenseLayer[] memory layers, bytes memory input) =
            DenseModel.random(seed, bound(layerCount, 1, MAX_LAYERS), MAX_WIDTH);
        return _scenario(layers, input);
    }

    // ---------------------------------------------------------------- the honest provider

    /// @dev The challenger names any layer and any neuron and plays its last move in any of seven
    /// ways: an honest proof (the recomputed element matches), a changed weight, bias, layer field,
    /// input vector, another neuron's row, or no move at all. Every way ends in the provider's favour.
    function testFuzz_honestProviderWinsEveryDispute(uint256 seed, uint256 layerCount, uint256 l, uint256 j, uint8 play)
        public
    {
        Scenario memory sc = _random(seed, layerCount);
        _submit(sc);
        l = bound(l, 1, sc.layers.length);
        j = bound(j, 0, sc.layers[l - 1].N - 1);
        uint256 id = _challenge(sc, challenger, l);
        _respond(sc, id, l);

        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, l, j);
        bytes memory prev = bytes.concat(sc.committed[l - 1]);
        play = play % 7;
        if (play == 1) p.row[seed % p.K] ^= 0x01;
        if (play == 2) p.bias = p.bias > 0 ? p.bias - 1 : p.bias + 1;
        if (play == 3) p.M = p.M == 1 ? 2 : p.M - 1;
        if (play == 4) prev[seed % prev.length] ^= 0x80;
        if (play == 5) p = DenseModel.layerProof(sc.layers, l, (j + 1) % p.N);
        if (play == 5 && p.N == 1) p.s = p.s == 1 ? 2 : p.s - 1; // no other neuron: change the shift

        if (play == 0) {
            vm.prank(challenger);
            game.proveNeuron(id, j, prev, sc.committed[l], p);
        } else {
            if (play != 6) {
                vm.prank(challenger);
                (bool ok,) = address(game).call(abi.encodeCall(game.proveNeuron, (id, j, prev, sc.committed[l], p)));
                assertFalse(ok, "a tampered proof must not go through");
            }
            vm.warp(game.getDispute(id).deadline + 1);
            game.timeout(id);
        }
        _assertResolved(id, sc, true, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Submitted));
    }

    // ---------------------------------------------------------------- the lying provider

    /// @dev One element of any layer (hidden or output) changed by any amount; later layers either
    /// recomputed from the lie (a consistent trace) or left as they were.
    function testFuzz_lyingProviderAlwaysLoses(
        uint256 seed,
        uint256 layerCount,
        uint256 m,
        uint256 e,
        uint8 delta,
        bool propagate
    ) public {
        Scenario memory sc = _random(seed, layerCount);
        m = bound(m, 1, sc.layers.length);
        e = bound(e, 0, sc.layers[m - 1].N - 1);
        delta = uint8(bound(delta, 1, 255));
        _lieAt(sc, m, e, delta, propagate);
        _submit(sc);
        uint256 l = _honestChallengerWins(sc);
        assertEq(l, m, "the challenger found the changed layer");
    }

    /// @dev A layer (hidden or output) of the wrong length, one longer or one shorter (even empty).
    function testFuzz_providerWithAWrongLengthLoses(uint256 seed, uint256 layerCount, uint256 m, bool longer) public {
        Scenario memory sc = _random(seed, layerCount);
        m = bound(m, 1, sc.layers.length);
        _lieAboutLength(sc, m, longer);
        _submit(sc);
        assertEq(_honestChallengerWins(sc), m);
    }

    /// @dev The honest challenger: re-runs the model, names the first layer whose hash differs,
    /// reads the revealed vector from the provider's `DisputeResponded` event, and proves the first
    /// element that differs from its own (any element when the lengths differ).
    function _honestChallengerWins(Scenario memory sc) internal returns (uint256 l) {
        l = DenseModel.firstWrongLayer(DenseModel.hashes(sc.honest), sc.hashes);
        assertGt(l, 0, "a lie always shows in the committed hashes");
        uint256 id = _challenge(sc, challenger, l);

        vm.recordLogs();
        _respond(sc, id, l);
        bytes memory revealed = _revealedActivation();

        uint256 j = DenseModel.firstWrongElement(sc.honest[l], revealed);
        assertTrue(j != type(uint256).max, "the revealed vector differs from the honest one");
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, l, j);
        vm.prank(challenger);
        game.proveNeuron(id, j, sc.honest[l - 1], revealed, p);

        _assertResolved(id, sc, false, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Rejected));
    }

    function _revealedActivation() internal returns (bytes memory activation) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IDisputeGame.DisputeResponded.selector) {
                (activation,) = abi.decode(logs[i].data, (bytes, uint256));
                return activation;
            }
        }
        revert("no DisputeResponded event");
    }
}
