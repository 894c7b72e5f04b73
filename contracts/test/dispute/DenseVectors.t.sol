// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {PositionalMerkle} from "../../src/libraries/PositionalMerkle.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {DenseLayer, DenseModel} from "./utils/DenseModel.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";
import {IntegerDenseHarness} from "./utils/Harnesses.sol";

/// @notice The shared test vectors that the SDK writes (sdk/scripts/gen-vectors.ts, checked there
/// against its TypeScript executor and onnxruntime-node): the Solidity executor and commitments
/// must agree with them bit for bit, and the SDK's dispute witnesses must win real disputes.
/// Skipped while contracts/test/vectors/dense.json does not exist.
contract DisputeDenseVectorsTest is DisputeGameTestBase {
    string internal constant PATH = "contracts/test/vectors/dense.json";

    IntegerDenseHarness internal dense;

    function setUp() public override {
        super.setUp();
        dense = new IntegerDenseHarness();
    }

    /// @dev The vectors, kept in memory (not storage: each parse reads the whole file), or a skip.
    function _load() internal returns (string memory json) {
        if (!vm.exists(PATH)) {
            vm.skip(true);
            return "";
        }
        // Half a megabyte of JSON parsed a thousand times: the gas says nothing about the contracts.
        vm.pauseGasMetering();
        return vm.readFile(PATH);
    }

    function _key(string memory list, uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".", list, "[", vm.toString(i), "].", field);
    }

    function _step(string memory json, uint256 i)
        internal
        pure
        returns (DenseLayer memory layer, bytes memory x, bytes memory y)
    {
        layer.K = uint32(vm.parseJsonUint(json, _key("steps", i, "K")));
        layer.N = uint32(vm.parseJsonUint(json, _key("steps", i, "N")));
        layer.M = uint32(vm.parseJsonUint(json, _key("steps", i, "M")));
        layer.s = uint8(vm.parseJsonUint(json, _key("steps", i, "s")));
        layer.relu = vm.parseJsonBool(json, _key("steps", i, "relu"));
        layer.weights = vm.parseJsonBytes(json, _key("steps", i, "weights"));
        int256[] memory bias = vm.parseJsonIntArray(json, _key("steps", i, "bias"));
        layer.bias = new int32[](bias.length);
        for (uint256 j; j < bias.length; ++j) {
            layer.bias[j] = int32(bias[j]);
        }
        x = vm.parseJsonBytes(json, _key("steps", i, "x"));
        y = vm.parseJsonBytes(json, _key("steps", i, "y"));
        assertEq(layer.weights.length, uint256(layer.K) * layer.N, "weights length");
        assertEq(layer.bias.length, layer.N, "bias length");
        assertEq(x.length, layer.K, "x length");
        assertEq(y.length, layer.N, "y length");
    }

    /// @dev Every output of every step, by the SWAR executor and by the test's reference executor,
    /// and every step's row leaves, rows root and layer leaf.
    function test_vectors_stepsMatchExecutorAndCommitments() public {
        string memory json = _load();
        uint256 count = vm.parseJsonUint(json, ".stepCount");
        assertGt(count, 0);
        uint256 outputs;
        for (uint256 i; i < count; ++i) {
            (DenseLayer memory layer, bytes memory x, bytes memory y) = _step(json, i);
            bytes32[] memory rowLeaves = vm.parseJsonBytes32Array(json, _key("steps", i, "rowLeaves"));
            assertEq(rowLeaves.length, layer.N);
            for (uint256 j; j < layer.N; ++j) {
                bytes memory row = DenseModel.row(layer, j);
                int8 expected = int8(uint8(y[j]));
                assertEq(dense.neuron(x, row, layer.bias[j], layer.M, layer.s, layer.relu), expected, "SWAR neuron");
                assertEq(DenseModel.neuronOf(layer, x, j), expected, "reference neuron");
                assertEq(DenseModel.rowLeaf(layer, j), rowLeaves[j], "row leaf");
                ++outputs;
            }
            assertEq(PositionalMerkle.rootOf(rowLeaves), vm.parseJsonBytes32(json, _key("steps", i, "rowsRoot")));
            assertEq(DenseModel.layerLeaf(layer), vm.parseJsonBytes32(json, _key("steps", i, "layerLeaf")));
        }
        emit log_named_uint("outputs checked", outputs);
    }

    /// @dev Every model's weight commitment, activation chain, trace root and output.
    function test_vectors_modelsMatchCommitments() public {
        string memory json = _load();
        uint256 count = vm.parseJsonUint(json, ".modelCount");
        assertGt(count, 0);
        for (uint256 m; m < count; ++m) {
            (DenseLayer[] memory layers, bytes32[] memory hashes) = _model(json, m);
            bytes32[] memory leaves = vm.parseJsonBytes32Array(json, _key("models", m, "layerLeaves"));
            assertEq(DenseModel.layerLeaves(layers), leaves, "layer leaves");
            assertEq(
                DenseModel.weightCommitment(layers), vm.parseJsonBytes32(json, _key("models", m, "weightCommitment"))
            );
            assertEq(DenseModel.traceRoot(hashes), vm.parseJsonBytes32(json, _key("models", m, "traceRoot")));

            bytes memory input = vm.parseJsonBytes(json, _key("models", m, "input"));
            bytes[] memory acts = DenseModel.forward(layers, input);
            assertEq(DenseModel.hashes(acts), hashes, "activation hashes");
            assertEq(acts[layers.length], vm.parseJsonBytes(json, _key("models", m, "output")), "output");
        }
    }

    function _model(string memory json, uint256 m)
        internal
        pure
        returns (DenseLayer[] memory layers, bytes32[] memory hashes)
    {
        uint256 first = vm.parseJsonUint(json, _key("models", m, "firstStep"));
        layers = new DenseLayer[](vm.parseJsonUint(json, _key("models", m, "layers")));
        for (uint256 l; l < layers.length; ++l) {
            (layers[l],,) = _step(json, first + l);
        }
        hashes = vm.parseJsonBytes32Array(json, _key("models", m, "activationHashes"));
        assertEq(hashes.length, layers.length + 1, "h_0 .. h_L");
    }

    /// @dev Every SDK witness, played through the real dispute game against an honest provider: the
    /// proofs must be accepted and the recomputed element must match, so the provider wins.
    function test_vectors_witnessesWinDisputes() public {
        string memory json = _load();
        uint256 count = vm.parseJsonUint(json, ".witnessCount");
        assertGt(count, 0);
        token.mint(challenger, count * BOND);
        for (uint256 w; w < count; ++w) {
            _playWitness(json, w);
        }
    }

    struct Witness {
        uint256 model;
        uint256 layer;
        uint256 neuron;
        DenseLayer[] layers;
        bytes32[] hashes;
        bytes x;
        bytes y;
    }

    function _playWitness(string memory json, uint256 w) internal {
        Witness memory wt;
        wt.model = vm.parseJsonUint(json, _key("witnesses", w, "model"));
        wt.layer = vm.parseJsonUint(json, _key("witnesses", w, "layer"));
        wt.neuron = vm.parseJsonUint(json, _key("witnesses", w, "neuron"));
        (wt.layers, wt.hashes) = _model(json, wt.model);
        uint256 first = vm.parseJsonUint(json, _key("models", wt.model, "firstStep"));
        (, wt.x, wt.y) = _step(json, first + wt.layer - 1);
        assertEq(int256(int8(uint8(wt.y[wt.neuron]))), vm.parseJsonInt(json, _key("witnesses", w, "y")), "witness y");

        uint256 id = _openWitnessDispute(json, wt, w);
        vm.prank(provider);
        game.respond(id, wt.y);
        IDisputeGame.LayerProof memory p = _witnessProof(json, wt.layers[wt.layer - 1], w, wt.neuron);
        vm.prank(challenger);
        game.proveNeuron(id, wt.neuron, wt.x, wt.y, p);
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ProviderWon), "provider won");
    }

    /// @dev The arguments of `challenge`, in memory so that the call fits the stack.
    struct Claim {
        uint256 jobId;
        uint256 layer;
        bytes32 outputHash;
        bytes32 traceRoot;
        bytes32 hPrev;
        bytes32[] proofPrev;
        bytes32 hDisputed;
        bytes32[] proofDisputed;
    }

    function _openWitnessDispute(string memory json, Witness memory wt, uint256 w) internal returns (uint256 id) {
        uint256 L = wt.layers.length;
        Claim memory c;
        c.layer = wt.layer;
        c.outputHash = wt.hashes[L];
        c.traceRoot = vm.parseJsonBytes32(json, _key("models", wt.model, "traceRoot"));
        c.hPrev = wt.hashes[wt.layer - 1];
        c.proofPrev = vm.parseJsonBytes32Array(json, _key("witnesses", w, "inputTraceProof"));
        c.hDisputed = wt.hashes[wt.layer];
        c.proofDisputed = vm.parseJsonBytes32Array(json, _key("witnesses", w, "outputTraceProof"));
        uint256 modelId = registry.addModel(
            ModelKind.IntegerDense, uint16(L), vm.parseJsonBytes32(json, _key("models", wt.model, "weightCommitment"))
        );
        c.jobId = market.submitJob(provider, uint32(modelId), wt.hashes[0], c.outputHash, c.traceRoot, WINDOW);
        vm.prank(challenger);
        id = game.challenge(
            c.jobId, c.layer, c.outputHash, c.traceRoot, c.hPrev, c.proofPrev, c.hDisputed, c.proofDisputed
        );
    }

    function _witnessProof(string memory json, DenseLayer memory layer, uint256 w, uint256 j)
        internal
        pure
        returns (IDisputeGame.LayerProof memory p)
    {
        (p.K, p.N, p.M, p.s, p.relu) = (layer.K, layer.N, layer.M, layer.s, layer.relu);
        p.rowsRoot = DenseModel.rowsRoot(layer);
        assertEq(DenseModel.layerLeaf(layer), vm.parseJsonBytes32(json, _key("witnesses", w, "layerLeaf")));
        assertEq(DenseModel.rowLeaf(layer, j), vm.parseJsonBytes32(json, _key("witnesses", w, "rowLeaf")));
        p.layerProof = vm.parseJsonBytes32Array(json, _key("witnesses", w, "layerProof"));
        p.row = DenseModel.row(layer, j);
        p.bias = layer.bias[j];
        p.rowProof = vm.parseJsonBytes32Array(json, _key("witnesses", w, "rowProof"));
    }
}
