// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IntegerSpatial} from "../../src/libraries/IntegerSpatial.sol";
import {PositionalMerkle} from "../../src/libraries/PositionalMerkle.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {DenseModel} from "./utils/DenseModel.sol";
import {IntegerSpatialHarness} from "./utils/IntegerSpatialHarness.sol";
import {SpatialGameTestBase} from "./utils/SpatialGameTestBase.sol";
import {
    KIND_ADD,
    KIND_AVGPOOL,
    KIND_CONV,
    KIND_DENSE,
    KIND_MAXPOOL,
    SpatialLayer,
    SpatialModel
} from "./utils/SpatialModel.sol";

/// @notice The shared spatial vectors that the model toolchain writes (model/scripts/gen-vectors.ts,
/// checked there against its TypeScript executor and onnxruntime-node; the format is in
/// docs/model-format.md): the Solidity executor (fast and reference) and the commitments must agree
/// with every step bit for bit, every element of every output; one element of every step must
/// win a real dispute for an honest provider and lose one for a lying provider; every model's
/// commitments must match; and every witness of the toolchain must win a real dispute with its own
/// proofs. Skipped while contracts/test/vectors/spatial.json does not exist.
contract DisputeSpatialVectorsTest is SpatialGameTestBase {
    string internal constant PATH = "contracts/test/vectors/spatial.json";

    IntegerSpatialHarness internal spatial;

    struct Step {
        SpatialLayer layer;
        bytes x;
        bytes x2;
        bytes y;
    }

    function setUp() public override {
        super.setUp();
        spatial = new IntegerSpatialHarness();
    }

    function _load() internal returns (string memory json) {
        if (!vm.exists(PATH)) {
            vm.skip(true);
            return "";
        }
        // Parsing the JSON a few thousand times: the gas says nothing about the contracts.
        vm.pauseGasMetering();
        return vm.readFile(PATH);
    }

    function _key(uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".steps[", vm.toString(i), "].", field);
    }

    function _step(string memory json, uint256 i) internal pure returns (Step memory st) {
        return _layerAt(json, string.concat(".steps[", vm.toString(i), "]"));
    }

    function _uint(string memory json, string memory at, string memory field) internal pure returns (uint256) {
        return vm.parseJsonUint(json, string.concat(at, ".", field));
    }

    /// @dev The layer (with its x, x2, y) at JSON path `at`: a step, or a model's layer (which may
    /// also be dense: K, N, M, s, relu, weights, bias).
    function _layerAt(string memory json, string memory at) internal pure returns (Step memory st) {
        string memory kind = vm.parseJsonString(json, string.concat(at, ".kind"));
        SpatialLayer memory L = st.layer;
        bytes32 k = keccak256(bytes(kind));
        if (k == keccak256("dense")) {
            L.kind = KIND_DENSE;
            (L.C, L.H, L.W) = (uint16(_uint(json, at, "K")), 1, 1);
            L.Cout = uint16(_uint(json, at, "N"));
            _weightsAt(json, at, L);
            L.s = uint8(_uint(json, at, "s"));
            L.relu = vm.parseJsonBool(json, string.concat(at, ".relu"));
        } else if (k == keccak256("conv2d")) {
            L.kind = KIND_CONV;
            L.C = uint16(_uint(json, at, "Cin"));
            L.Cout = uint16(_uint(json, at, "Cout"));
            L.pad = uint8(_uint(json, at, "pad"));
            _weightsAt(json, at, L);
        } else if (k == keccak256("maxpool") || k == keccak256("avgpool")) {
            L.kind = k == keccak256("maxpool") ? KIND_MAXPOOL : KIND_AVGPOOL;
            L.C = uint16(_uint(json, at, "C"));
        } else if (k == keccak256("add")) {
            L.kind = KIND_ADD;
            L.C = uint16(_uint(json, at, "C"));
            L.skip = uint16(_uint(json, at, "skip"));
            L.Ma = uint32(_uint(json, at, "Ma"));
            L.Mb = uint32(_uint(json, at, "Mb"));
            st.x2 = vm.parseJsonBytes(json, string.concat(at, ".x2"));
        } else {
            revert(string.concat("spatial.json: ", at, " has an unknown kind: ", kind));
        }
        if (L.kind != KIND_DENSE) {
            L.H = uint16(_uint(json, at, "H"));
            L.W = uint16(_uint(json, at, "W"));
        }
        if (L.kind != KIND_ADD && L.kind != KIND_DENSE) {
            L.kh = uint8(_uint(json, at, "kh"));
            L.kw = uint8(_uint(json, at, "kw"));
            L.stride = uint8(_uint(json, at, "stride"));
        }
        if (L.kind == KIND_CONV || L.kind == KIND_ADD) {
            L.s = uint8(_uint(json, at, "s"));
            L.relu = vm.parseJsonBool(json, string.concat(at, ".relu"));
        }
        st.x = vm.parseJsonBytes(json, string.concat(at, ".x"));
        st.y = vm.parseJsonBytes(json, string.concat(at, ".y"));
        assertEq(st.x.length, SpatialModel.inputSize(L), "x length");
        assertEq(st.y.length, SpatialModel.outputSize(L), "y length");
        if (L.kind == KIND_CONV) assertEq(L.weights.length, uint256(L.Cout) * L.C * L.kh * L.kw, "weights length");
        if (L.kind == KIND_DENSE) assertEq(L.weights.length, uint256(L.Cout) * L.C, "weights length");
        if (L.kind == KIND_ADD) assertEq(st.x2.length, st.x.length, "x2 length");
    }

    function _weightsAt(string memory json, string memory at, SpatialLayer memory L) internal pure {
        L.M = uint32(_uint(json, at, "M"));
        L.weights = vm.parseJsonBytes(json, string.concat(at, ".weights"));
        int256[] memory bias = vm.parseJsonIntArray(json, string.concat(at, ".bias"));
        L.bias = new int32[](bias.length);
        for (uint256 j; j < bias.length; ++j) {
            L.bias[j] = int32(bias[j]);
        }
        assertEq(L.bias.length, L.Cout, "bias length");
    }

    /// @dev Every element of every step by the fast executor, the library's reference and the
    /// test's own reference; every layer leaf, and every conv step's filter leaves and root.
    function test_vectors_stepsMatchExecutorAndCommitments() public {
        string memory json = _load();
        uint256 count = vm.parseJsonUint(json, ".stepCount");
        assertGt(count, 0);
        uint256 outputs;
        uint256[5] memory kinds;
        for (uint256 i; i < count; ++i) {
            Step memory st = _step(json, i);
            ++kinds[st.layer.kind];
            for (uint256 j; j < st.y.length; ++j) {
                int8 expected = int8(uint8(st.y[j]));
                assertEq(_fast(st, j), expected, string.concat("step ", vm.toString(i), " element ", vm.toString(j)));
                assertEq(SpatialModel.elementOf(st.layer, st.x, st.x2, j), expected, "test reference");
                ++outputs;
            }
            assertEq(SpatialModel.layerLeaf(st.layer), vm.parseJsonBytes32(json, _key(i, "layerLeaf")), "layer leaf");
            if (st.layer.kind == KIND_CONV) {
                bytes32[] memory leaves = vm.parseJsonBytes32Array(json, _key(i, "filterLeaves"));
                assertEq(SpatialModel.filterLeaves(st.layer), leaves, "filter leaves");
                assertEq(PositionalMerkle.rootOf(leaves), vm.parseJsonBytes32(json, _key(i, "filtersRoot")));
            }
        }
        for (uint256 k = KIND_CONV; k <= KIND_ADD; ++k) {
            assertGt(kinds[k], 0, "the vectors cover every spatial kind");
        }
        emit log_named_uint("outputs checked", outputs);
    }

    /// @dev The element by the library's fast path and by its reference (they must agree too).
    function _fast(Step memory st, uint256 j) internal view returns (int8 y) {
        SpatialLayer memory L = st.layer;
        if (L.kind == KIND_DENSE) return SpatialModel.elementOf(L, st.x, st.x2, j);
        if (L.kind == KIND_ADD) {
            y = spatial.addElement(int8(uint8(st.x[j])), int8(uint8(st.x2[j])), L.Ma, L.Mb, L.s, L.relu);
            assertEq(
                spatial.addElementReference(int8(uint8(st.x[j])), int8(uint8(st.x2[j])), L.Ma, L.Mb, L.s, L.relu), y
            );
            return y;
        }
        (, uint256 Ho, uint256 Wo) = SpatialModel.outShape(L);
        uint256[3] memory at = [j / (Ho * Wo), (j / Wo) % Ho, j % Wo]; // channel, row, column
        if (L.kind == KIND_CONV) return _fastConv(st, at);
        IntegerSpatial.Pool memory p = IntegerSpatial.Pool(L.C, L.H, L.W, L.kh, L.kw, L.stride);
        if (L.kind == KIND_MAXPOOL) {
            y = spatial.maxPoolElement(st.x, p, at[0], at[1], at[2]);
            assertEq(spatial.maxPoolElementReference(st.x, p, at[0], at[1], at[2]), y);
        } else {
            y = spatial.avgPoolElement(st.x, p, at[0], at[1], at[2]);
            assertEq(spatial.avgPoolElementReference(st.x, p, at[0], at[1], at[2]), y);
        }
    }

    function _fastConv(Step memory st, uint256[3] memory at) internal view returns (int8 y) {
        SpatialLayer memory L = st.layer;
        IntegerSpatial.Conv memory cv =
            IntegerSpatial.Conv(L.C, L.H, L.W, L.kh, L.kw, L.stride, L.pad, L.M, L.s, L.relu);
        bytes memory f = SpatialModel.filter(L, at[0]);
        y = spatial.convElement(st.x, cv, f, L.bias[at[0]], at[1], at[2]);
        assertEq(spatial.convElementReference(st.x, cv, f, L.bias[at[0]], at[1], at[2]), y);
    }

    /// @dev Each step as the disputed layer of a job through the dispute game, its element at the
    /// middle of the output proven for an honest provider (who wins), then with the provider's
    /// element changed (who loses). An add step with skip r is layer r + 2 of a model whose other
    /// layer leaves are placeholders: its x is a_{r+1}, its x2 is a_r.
    function test_vectors_stepsWinDisputes() public {
        string memory json = _load();
        uint256 count = vm.parseJsonUint(json, ".stepCount");
        token.mint(challenger, 2 * count * BOND);
        for (uint256 i; i < count; ++i) {
            Step memory st = _step(json, i);
            uint256 j = st.y.length / 2;
            assertEq(uint8(_playStep(st, j, st.y)), uint8(IDisputeGame.DisputePhase.ProviderWon), "honest provider");
            bytes memory lie = bytes.concat(st.y);
            lie[j] = bytes1(uint8(lie[j]) ^ 0x01);
            assertEq(uint8(_playStep(st, j, lie)), uint8(IDisputeGame.DisputePhase.ChallengerWon), "lying provider");
        }
    }

    function _playStep(Step memory st, uint256 j, bytes memory y) internal returns (IDisputeGame.DisputePhase) {
        // Layers 1 .. l - 1 are placeholders: only layer l's leaf matters.
        uint256 l = st.layer.kind == KIND_ADD ? st.layer.skip + 2 : 1;
        SpatialLayer[] memory layers = new SpatialLayer[](l);
        Job memory job;
        job.layers = layers;
        job.committed = new bytes[](l + 1);
        for (uint256 i; i + 1 < l; ++i) {
            layers[i].kind = KIND_MAXPOOL; // any leaf
            layers[i].kh = uint8(i + 1);
            job.committed[i] = abi.encodePacked("placeholder activation ", i);
        }
        layers[l - 1] = st.layer;
        if (st.layer.kind == KIND_ADD) job.committed[st.layer.skip] = st.x2;
        job.committed[l - 1] = st.x;
        job.committed[l] = y;
        _submitJob(job);
        uint256 id = _challengeJob(job, challenger, l);
        _respondJob(job, id, l);
        assertTrue(_send(challenger, _proveCall(job, id, l, j, st.x, y)), "the proof goes through");
        return _phase(id);
    }

    // ---------------------------------------------------------------- models and witnesses

    function _at(string memory list, uint256 i) internal pure returns (string memory) {
        return string.concat(".", list, "[", vm.toString(i), "]");
    }

    /// @dev Model `m`'s layers and its activations a_0 .. a_L (each layer's x and y in the file).
    function _modelAt(string memory json, uint256 m)
        internal
        pure
        returns (SpatialLayer[] memory layers, bytes[] memory acts)
    {
        string memory at = _at("models", m);
        bytes32[] memory leaves = vm.parseJsonBytes32Array(json, string.concat(at, ".layerLeaves"));
        layers = new SpatialLayer[](leaves.length);
        acts = new bytes[](leaves.length + 1);
        acts[0] = vm.parseJsonBytes(json, string.concat(at, ".input"));
        for (uint256 l; l < leaves.length; ++l) {
            Step memory st = _layerAt(json, string.concat(at, ".layers[", vm.toString(l), "]"));
            layers[l] = st.layer;
            assertEq(st.x, acts[l], "a layer's x is the previous layer's y");
            if (st.layer.kind == KIND_ADD) assertEq(st.x2, acts[st.layer.skip], "an add's x2 is a_skip");
            acts[l + 1] = st.y;
        }
        assertEq(SpatialModel.layerLeaves(layers), leaves, "layer leaves");
    }

    /// @dev Every model's layer leaves, weight commitment, activation hashes, trace root and output.
    function test_vectors_modelsMatchCommitments() public {
        string memory json = _load();
        uint256 count = vm.parseJsonUint(json, ".modelCount");
        assertGt(count, 0);
        for (uint256 m; m < count; ++m) {
            (SpatialLayer[] memory layers, bytes[] memory acts) = _modelAt(json, m);
            string memory at = _at("models", m);
            assertEq(
                SpatialModel.weightCommitment(layers), vm.parseJsonBytes32(json, string.concat(at, ".weightCommitment"))
            );
            bytes32[] memory h = DenseModel.hashes(acts);
            assertEq(h, vm.parseJsonBytes32Array(json, string.concat(at, ".activationHashes")), "activation hashes");
            assertEq(DenseModel.traceRoot(h), vm.parseJsonBytes32(json, string.concat(at, ".traceRoot")), "trace root");
            assertEq(acts[layers.length], vm.parseJsonBytes(json, string.concat(at, ".output")), "output");
        }
    }

    /// @dev Every witness of the model toolchain (one per layer of every model), played through the
    /// dispute game against an honest provider with the witness's own proofs (trace, layer, filter
    /// or row, skip): the proofs must be accepted and the element must match, so the provider wins.
    function test_vectors_witnessesWinDisputes() public {
        string memory json = _load();
        uint256 count = vm.parseJsonUint(json, ".witnessCount");
        assertGt(count, 0);
        token.mint(challenger, count * BOND);
        uint256[5] memory kinds;
        for (uint256 w; w < count; ++w) {
            kinds[_playWitness(json, w)]++;
        }
        for (uint256 k; k < 5; ++k) {
            assertGt(kinds[k], 0, "the witnesses cover every kind");
        }
    }

    function _playWitness(string memory json, uint256 w) internal returns (uint8 kind) {
        string memory at = _at("witnesses", w);
        Job memory job;
        (job.layers, job.committed) = _modelAt(json, _uint(json, at, "model"));
        uint256 l = _uint(json, at, "layer");
        uint256 j = _uint(json, at, "element");
        kind = job.layers[l - 1].kind;
        assertEq(int256(int8(uint8(job.committed[l][j]))), vm.parseJsonInt(json, string.concat(at, ".y")), "witness y");
        assertEq(SpatialModel.layerLeaf(job.layers[l - 1]), vm.parseJsonBytes32(json, string.concat(at, ".layerLeaf")));
        _submitJob(job);
        uint256 id = _challengeWithWitness(json, at, job, l);
        _respondJob(job, id, l);
        assertTrue(_send(challenger, _witnessCall(json, at, job, id, l, j)), "the witness's proof goes through");
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ProviderWon), "provider won");
    }

    /// @dev The challenge of layer `l` with the witness's trace proofs.
    function _challengeWithWitness(string memory json, string memory at, Job memory job, uint256 l)
        internal
        returns (uint256 id)
    {
        bytes32[] memory proofPrev = vm.parseJsonBytes32Array(json, string.concat(at, ".inputTraceProof"));
        bytes32[] memory proofDisputed = vm.parseJsonBytes32Array(json, string.concat(at, ".outputTraceProof"));
        bytes32[] memory h = job.hashes;
        vm.prank(challenger);
        id = game.challenge(job.jobId, l, h[h.length - 1], job.traceRoot, h[l - 1], proofPrev, h[l], proofDisputed);
    }

    /// @dev The last move of the witness at `at`, with the witness's proofs in place of the test's own.
    function _witnessCall(string memory json, string memory at, Job memory job, uint256 id, uint256 l, uint256 j)
        internal
        pure
        returns (bytes memory)
    {
        uint8 kind = job.layers[l - 1].kind;
        bytes32[] memory layerProof = vm.parseJsonBytes32Array(json, string.concat(at, ".layerProof"));
        if (kind == KIND_CONV) return _witnessConv(json, at, job, id, l, j);
        if (kind == KIND_DENSE) {
            IDisputeGame.LayerProof memory p = SpatialModel.denseProof(job.layers, l, j);
            assertEq(
                keccak256(abi.encodePacked(p.row, p.bias)), vm.parseJsonBytes32(json, string.concat(at, ".rowLeaf"))
            );
            p.layerProof = layerProof;
            p.rowProof = vm.parseJsonBytes32Array(json, string.concat(at, ".rowProof"));
            return abi.encodeCall(IDisputeGame.proveNeuron, (id, j, job.committed[l - 1], job.committed[l], p));
        }
        if (kind == KIND_ADD) {
            IDisputeGame.AddProof memory p = SpatialModel.addProof(job.layers, l, job.committed);
            p.layerProof = layerProof;
            p.skipProof = vm.parseJsonBytes32Array(json, string.concat(at, ".skipTraceProof"));
            return abi.encodeCall(IDisputeGame.proveAdd, (id, j, job.committed[l - 1], job.committed[l], p));
        }
        IDisputeGame.PoolProof memory q = SpatialModel.poolProof(job.layers, l);
        q.layerProof = layerProof;
        return abi.encodeCall(IDisputeGame.provePool, (id, j, job.committed[l - 1], job.committed[l], q));
    }

    function _witnessConv(string memory json, string memory at, Job memory job, uint256 id, uint256 l, uint256 j)
        internal
        pure
        returns (bytes memory)
    {
        IDisputeGame.ConvProof memory p = SpatialModel.convProof(job.layers, l, j);
        (, uint256 Ho, uint256 Wo) = SpatialModel.outShape(job.layers[l - 1]);
        assertEq(_uint(json, at, "channel"), j / (Ho * Wo), "channel");
        assertEq(
            keccak256(abi.encodePacked(p.filter, p.bias)), vm.parseJsonBytes32(json, string.concat(at, ".filterLeaf"))
        );
        p.layerProof = vm.parseJsonBytes32Array(json, string.concat(at, ".layerProof"));
        p.filterProof = vm.parseJsonBytes32Array(json, string.concat(at, ".filterProof"));
        return abi.encodeCall(IDisputeGame.proveConv, (id, j, job.committed[l - 1], job.committed[l], p));
    }
}
