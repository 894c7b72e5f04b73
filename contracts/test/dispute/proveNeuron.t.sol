// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DenseLayer, DenseModel} from "./utils/DenseModel.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

contract DisputeProveNeuronTest is DisputeGameTestBase {
    /// @dev The default model (13-9-20-5) with the provider's trace changed by `lie`, submitted,
    /// challenged at layer `l` and answered.
    function _disputed(uint256 l, function(Scenario memory) internal pure lie)
        internal
        returns (Scenario memory sc, uint256 id)
    {
        uint256[] memory widths = new uint256[](4);
        (widths[0], widths[1], widths[2], widths[3]) = (13, 9, 20, 5);
        (DenseLayer[] memory layers, bytes memory input) = DenseModel.random(1, widths);
        sc = _scenario(layers, input);
        lie(sc);
        _submit(sc);
        id = _challenge(sc, challenger, l);
        _respond(sc, id, l);
    }

    function _noLie(Scenario memory) internal pure {}

    function _lieAtLayer2Element4(Scenario memory sc) internal pure {
        _lieAt(sc, 2, 4, 1, true);
    }

    function _lieAtOutputElement0(Scenario memory sc) internal pure {
        _lieAt(sc, 3, 0, 0x80, false);
    }

    function _longerLayer2(Scenario memory sc) internal pure {
        _lieAboutLength(sc, 2, true);
    }

    function _emptyOutput(Scenario memory sc) internal pure {
        sc.committed[3] = "";
    }

    function _longerLayer1(Scenario memory sc) internal pure {
        _lieAboutLength(sc, 1, true);
    }

    // ---------------------------------------------------------------- outcomes

    function test_proveNeuron_providerWinsWhenTheElementIsRight() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _noLie);
        int8 y = int8(uint8(sc.honest[2][3]));
        vm.expectEmit(address(game));
        emit IDisputeGame.NeuronProven(id, sc.jobId, 3, y, y);
        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeResolved(id, sc.jobId, true, provider);
        vm.expectEmit(address(game));
        emit IDisputeGame.BondCredited(provider, id, BOND);
        _prove(sc, id, 2, 3);
        vm.snapshotGasLastCall("dispute", "proveNeuron_providerWins");
        _assertResolved(id, sc, true, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Submitted), "window resumed");
    }

    function test_proveNeuron_challengerWinsWhenTheElementIsWrong() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _lieAtLayer2Element4);
        int8 honest = int8(uint8(sc.honest[2][4]));
        vm.expectEmit(address(game));
        emit IDisputeGame.NeuronProven(id, sc.jobId, 4, honest, int8(uint8(sc.committed[2][4])));
        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeResolved(id, sc.jobId, false, challenger);
        _prove(sc, id, 2, 4);
        vm.snapshotGasLastCall("dispute", "proveNeuron_challengerWins");
        _assertResolved(id, sc, false, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Rejected));
    }

    function test_proveNeuron_challengerWinsOnTheOutputLayer() public {
        (Scenario memory sc, uint256 id) = _disputed(3, _lieAtOutputElement0);
        _prove(sc, id, 3, 0);
        _assertResolved(id, sc, false, 0);
    }

    /// @dev The game decides on the element the challenger names: a right one clears the provider.
    function test_proveNeuron_providerWinsWhenTheChallengerNamesARightElement() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _lieAtLayer2Element4);
        _prove(sc, id, 2, 5);
        _assertResolved(id, sc, true, 0);
    }

    function test_proveNeuron_challengerWinsWhenTheVectorIsTooLong() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _longerLayer2);
        vm.expectEmit(address(game));
        emit IDisputeGame.WrongLengthProven(id, sc.jobId, 20, 21);
        _prove(sc, id, 2, 0);
        _assertResolved(id, sc, false, 0);
    }

    function test_proveNeuron_challengerWinsWhenTheOutputIsEmpty() public {
        (Scenario memory sc, uint256 id) = _disputed(3, _emptyOutput);
        vm.expectEmit(address(game));
        emit IDisputeGame.WrongLengthProven(id, sc.jobId, 5, 0);
        _prove(sc, id, 3, 0);
        _assertResolved(id, sc, false, 0);
    }

    function test_proveNeuron_atTheDeadline() public {
        (Scenario memory sc, uint256 id) = _disputed(1, _noLie);
        vm.warp(game.getDispute(id).deadline);
        _prove(sc, id, 1, 8);
        _assertResolved(id, sc, true, 0);
    }

    // ---------------------------------------------------------------- reverts: the move

    function test_proveNeuron_RevertWhen_unknownDispute() public {
        (Scenario memory sc,) = _disputed(1, _noLie);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeUnknown.selector, 7));
        _prove(sc, 7, 1, 0);
    }

    function test_proveNeuron_RevertWhen_providerHasNotResponded() public {
        uint256[] memory widths = new uint256[](3);
        (widths[0], widths[1], widths[2]) = (4, 4, 4);
        Scenario memory sc = _honest(3, widths);
        uint256 id = _challenge(sc, challenger, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeGame.DisputeWrongPhase.selector, id, IDisputeGame.DisputePhase.AwaitingResponse
            )
        );
        _prove(sc, id, 1, 0);
    }

    function test_proveNeuron_RevertWhen_callerNotChallenger() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _noLie);
        IDisputeGame.LayerProof memory proof = DenseModel.layerProof(sc.layers, 2, 0);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeNotChallenger.selector, id, provider));
        vm.prank(provider);
        game.proveNeuron(id, 0, sc.committed[1], sc.committed[2], proof);
    }

    function test_proveNeuron_RevertWhen_deadlinePassed() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _lieAtLayer2Element4);
        uint256 deadline = game.getDispute(id).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeMoveTooLate.selector, id, deadline));
        _prove(sc, id, 2, 4);
    }

    function test_proveNeuron_RevertWhen_inputVectorWrong() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _noLie);
        bytes memory wrongPrev = bytes.concat(sc.committed[1], hex"");
        wrongPrev[0] = bytes1(uint8(wrongPrev[0]) ^ 1);
        IDisputeGame.LayerProof memory proof = DenseModel.layerProof(sc.layers, 2, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeGame.DisputeActivationMismatch.selector, id, sc.hashes[1], keccak256(wrongPrev)
            )
        );
        vm.prank(challenger);
        game.proveNeuron(id, 0, wrongPrev, sc.committed[2], proof);
    }

    function test_proveNeuron_RevertWhen_disputedVectorWrong() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _lieAtLayer2Element4);
        IDisputeGame.LayerProof memory proof = DenseModel.layerProof(sc.layers, 2, 4);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeGame.DisputeActivationMismatch.selector, id, sc.hashes[2], keccak256(sc.honest[2])
            )
        );
        vm.prank(challenger);
        game.proveNeuron(id, 4, sc.committed[1], sc.honest[2], proof);
    }

    // ---------------------------------------------------------------- reverts: the weights

    function _proveWith(Scenario memory sc, uint256 id, uint256 j, IDisputeGame.LayerProof memory proof) internal {
        vm.prank(challenger);
        game.proveNeuron(id, j, sc.committed[1], sc.committed[2], proof);
    }

    function test_proveNeuron_RevertWhen_layerOutOfSpec() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _noLie);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 2, 0);
        uint32 M = p.M;
        uint8 s = p.s;

        p.K = 0;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfSpec.selector, 0, 20, M, s));
        _proveWith(sc, id, 0, p);
        p.K = 4097;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfSpec.selector, 4097, 20, M, s));
        _proveWith(sc, id, 0, p);
        p.K = 9;
        p.N = 0;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfSpec.selector, 9, 0, M, s));
        _proveWith(sc, id, 0, p);
        p.N = 20;
        p.M = 0;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfSpec.selector, 9, 20, 0, s));
        _proveWith(sc, id, 0, p);
        p.M = 2 ** 31;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfSpec.selector, 9, 20, 2 ** 31, s));
        _proveWith(sc, id, 0, p);
        p.M = M;
        p.s = 0;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfSpec.selector, 9, 20, M, 0));
        _proveWith(sc, id, 0, p);
        p.s = 63;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeLayerOutOfSpec.selector, 9, 20, M, 63));
        _proveWith(sc, id, 0, p);
    }

    function test_proveNeuron_RevertWhen_layerFieldChanged() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _lieAtLayer2Element4);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 2, 4);
        p.M += 1;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadLayerProof.selector, id, 2));
        _proveWith(sc, id, 4, p);
        p.M -= 1;
        p.relu = !p.relu;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadLayerProof.selector, id, 2));
        _proveWith(sc, id, 4, p);
    }

    /// @dev A real layer leaf of the model, but of another layer than the disputed one.
    function test_proveNeuron_RevertWhen_proofOfAnotherLayer() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _noLie);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 3, 0);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadLayerProof.selector, id, 2));
        _proveWith(sc, id, 0, p);
    }

    function test_proveNeuron_RevertWhen_rowChanged() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _lieAtLayer2Element4);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 2, 4);
        p.row[8] = bytes1(uint8(p.row[8]) ^ 0x40);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadRowProof.selector, id, 4));
        _proveWith(sc, id, 4, p);
    }

    function test_proveNeuron_RevertWhen_biasChanged() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _noLie);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 2, 6);
        p.bias = p.bias > 0 ? p.bias - 1 : p.bias + 1;
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadRowProof.selector, id, 6));
        _proveWith(sc, id, 6, p);
    }

    /// @dev A real row of the layer, claimed at another neuron's position.
    function test_proveNeuron_RevertWhen_rowOfAnotherNeuron() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _lieAtLayer2Element4);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 2, 5);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBadRowProof.selector, id, 4));
        _proveWith(sc, id, 4, p);
    }

    function test_proveNeuron_RevertWhen_rowLengthWrong() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _noLie);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 2, 0);
        p.row = bytes.concat(p.row, hex"00");
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeRowLengthMismatch.selector, 9, 10));
        _proveWith(sc, id, 0, p);
    }

    function test_proveNeuron_RevertWhen_neuronOutOfRange() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _noLie);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 2, 19);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeNeuronOutOfRange.selector, 20, 20));
        _proveWith(sc, id, 20, p);
    }

    /// @dev The provider's a_1 has a wrong length, so layer 1 is the first wrong layer: a challenger
    /// who names layer 2 cannot prove anything there.
    function test_proveNeuron_RevertWhen_inputLengthDiffersFromK() public {
        (Scenario memory sc, uint256 id) = _disputed(2, _longerLayer1);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 2, 0);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeInputLengthMismatch.selector, id, 9, 10));
        _proveWith(sc, id, 0, p);
    }

    function test_proveNeuron_RevertWhen_biasOutOfSpec() public {
        uint256[] memory widths = new uint256[](3);
        (widths[0], widths[1], widths[2]) = (6, 3, 2);
        (DenseLayer[] memory layers, bytes memory input) = DenseModel.random(5, widths);
        layers[0].bias[1] = int32(2 ** 30 + 1);
        Scenario memory sc = _scenario(layers, input);
        _submit(sc);
        uint256 id = _challenge(sc, challenger, 1);
        _respond(sc, id, 1);
        IDisputeGame.LayerProof memory p = DenseModel.layerProof(sc.layers, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeBiasOutOfSpec.selector, int256(2 ** 30 + 1)));
        vm.prank(challenger);
        game.proveNeuron(id, 1, sc.committed[0], sc.committed[1], p);
    }
}
