// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IntegerDense} from "../../src/libraries/IntegerDense.sol";
import {PositionalMerkle} from "../../src/libraries/PositionalMerkle.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {DenseLayer, DenseModel} from "./utils/DenseModel.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";
import {IntegerDenseHarness} from "./utils/Harnesses.sol";

/// @notice The one-step check alone, as the game does it: keccak of the input vector, Merkle proof
/// of one weight row, then the neuron.
contract OneStepHarness {
    struct Row {
        bytes weights;
        int32 bias;
        bytes32 rowsRoot;
        uint256 j;
        uint256 N;
        bytes32[] proof;
        uint256 M;
        uint256 s;
    }

    function check(bytes calldata x, bytes32 inputHash, Row calldata r) external pure returns (int8) {
        require(keccak256(x) == inputHash, "input");
        bytes32 leaf = keccak256(abi.encodePacked(r.weights, r.bias));
        require(PositionalMerkle.verifyAt(r.rowsRoot, leaf, r.j, r.N, r.proof), "row");
        return IntegerDense.neuron(x, r.weights, r.bias, r.M, r.s, true);
    }
}

/// @notice Gas of the one-step neuron proof for square layers of width 64..4096 (K = N = width),
/// printed as a table (run with -vv) and recorded in docs/fraud-proofs.md, as measured by
/// `vm.lastCallGas()`. The dot product and the one-step check (pure calls) are execution gas; the
/// game's moves run isolated (foundry.toml), so theirs is what the sender pays: 21,000, the calldata
/// (at the EIP-7623 floor when that is higher) and execution. Calldata is also reported apart, at
/// the standard price (4 per zero byte, 16 per other byte) and at the EIP-7623 floor (10 per zero
/// byte, 40 per other byte). proveNeuron at each width is recorded in snapshots/dispute.json.
contract DisputeOneStepGasTest is DisputeGameTestBase {
    uint256 internal constant TARGET_AT_4096 = 150_000;

    OneStepHarness internal oneStep;
    IntegerDenseHarness internal dense;

    struct Layer {
        uint256 width;
        bytes x; // a_{l-1}
        bytes y; // a_l as the provider claims it
        bytes row;
        int32 bias;
        uint32 M;
        uint8 s;
        uint256 j;
        bytes32[] rowProof;
        bytes32 rowsRoot;
    }

    struct Gas {
        uint256 dot;
        uint256 oneStep;
        uint256 challenge;
        uint256 respond;
        uint256 proveNeuron;
        uint256 proveCalldataBytes;
        uint256 proveCalldataStandard;
        uint256 proveCalldataFloor;
    }

    function setUp() public override {
        super.setUp();
        oneStep = new OneStepHarness();
        dense = new IntegerDenseHarness();
        market.setRecording(false);
    }

    function test_oneStepGas_table() public {
        uint256[4] memory widths = [uint256(64), 256, 1024, 4096];
        console.log(
            "width | dot | one-step (keccak x + row proof + neuron) | challenge | respond | proveNeuron | proveNeuron calldata bytes | calldata gas standard | calldata gas EIP-7623 floor"
        );
        uint256 fresh = vm.snapshotState();
        for (uint256 i; i < widths.length; ++i) {
            // Every width starts from the same state: the game's first dispute, nobody credited yet.
            vm.revertToState(fresh);
            Gas memory g = _measure(widths[i]);
            console.log(
                string.concat(
                    vm.toString(widths[i]),
                    " | ",
                    vm.toString(g.dot),
                    " | ",
                    vm.toString(g.oneStep),
                    " | ",
                    vm.toString(g.challenge),
                    " | ",
                    vm.toString(g.respond),
                    " | ",
                    vm.toString(g.proveNeuron),
                    " | ",
                    vm.toString(g.proveCalldataBytes),
                    " | ",
                    vm.toString(g.proveCalldataStandard),
                    " | ",
                    vm.toString(g.proveCalldataFloor)
                )
            );
            if (widths[i] == 4096) assertLe(g.oneStep, TARGET_AT_4096, "one-step check at width 4096");
        }
    }

    function _layer(uint256 width) internal pure returns (Layer memory L) {
        L.width = width;
        L.x = DenseModel.randomBytes(keccak256(abi.encode("x", width)), width);
        L.row = DenseModel.randomBytes(keccak256(abi.encode("row", width)), width);
        L.bias = -12_345;
        L.s = 20;
        L.M = 1000;
        L.j = width / 3;
        // Siblings are arbitrary hashes: the root is whatever they lead to.
        L.rowProof = new bytes32[](PositionalMerkle.depth(width));
        bytes32 node = keccak256(abi.encodePacked(L.row, L.bias));
        for (uint256 d; d < L.rowProof.length; ++d) {
            L.rowProof[d] = keccak256(abi.encode("sibling", width, d));
            node = (L.j >> d) & 1 == 0
                ? keccak256(abi.encodePacked(node, L.rowProof[d]))
                : keccak256(abi.encodePacked(L.rowProof[d], node));
        }
        L.rowsRoot = node;
        // The provider's claimed output: random, with a right element j (the costlier branch is the same).
        L.y = DenseModel.randomBytes(keccak256(abi.encode("y", width)), width);
        DenseLayer memory one;
        (one.K, one.N, one.M, one.s, one.relu, one.weights) = (uint32(width), 1, L.M, L.s, true, L.row);
        one.bias = new int32[](1);
        one.bias[0] = L.bias;
        L.y[L.j] = bytes1(uint8(DenseModel.neuronOf(one, L.x, 0)));
    }

    function _measure(uint256 width) internal returns (Gas memory g) {
        Layer memory L = _layer(width);

        dense.dot(L.x, L.row);
        g.dot = vm.lastCallGas().gasTotalUsed;

        int8 y = oneStep.check(
            L.x, keccak256(L.x), OneStepHarness.Row(L.row, L.bias, L.rowsRoot, L.j, width, L.rowProof, L.M, L.s)
        );
        g.oneStep = vm.lastCallGas().gasTotalUsed;
        assertEq(y, int8(uint8(L.y[L.j])));

        // The whole last move through the game: a 2-layer model whose layer 2 is this layer.
        bytes32[] memory layerLeaves = new bytes32[](2);
        layerLeaves[0] = keccak256("layer 1");
        layerLeaves[1] = keccak256(abi.encodePacked(uint32(width), uint32(width), L.M, L.s, true, L.rowsRoot));
        uint256 modelId = registry.addModel(ModelKind.IntegerDense, 2, PositionalMerkle.rootOf(layerLeaves));
        bytes32 h1 = keccak256(L.x);
        bytes32 outputHash = keccak256(L.y);
        uint256 jobId = market.submitJob(provider, uint32(modelId), keccak256("input"), outputHash, h1, WINDOW);

        bytes32[] memory none = new bytes32[](0);
        vm.prank(challenger);
        uint256 id = game.challenge(jobId, 2, outputHash, h1, h1, none, outputHash, none);
        g.challenge = vm.lastCallGas().gasTotalUsed;

        vm.prank(provider);
        game.respond(id, L.y);
        g.respond = vm.lastCallGas().gasTotalUsed;

        IDisputeGame.LayerProof memory p;
        (p.K, p.N, p.M, p.s, p.relu, p.rowsRoot) = (uint32(width), uint32(width), L.M, L.s, true, L.rowsRoot);
        p.layerProof = new bytes32[](1);
        p.layerProof[0] = layerLeaves[0];
        (p.row, p.bias, p.rowProof) = (L.row, L.bias, L.rowProof);
        vm.prank(challenger);
        game.proveNeuron(id, L.j, L.x, L.y, p);
        g.proveNeuron = vm.lastCallGas().gasTotalUsed;
        vm.snapshotGasLastCall("dispute", string.concat("proveNeuron_width", vm.toString(width)));
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ProviderWon));

        bytes memory data = abi.encodeCall(IDisputeGame.proveNeuron, (id, L.j, L.x, L.y, p));
        g.proveCalldataBytes = data.length;
        for (uint256 i; i < data.length; ++i) {
            bool zero = data[i] == 0;
            g.proveCalldataStandard += zero ? 4 : 16;
            g.proveCalldataFloor += zero ? 10 : 40;
        }
    }
}
