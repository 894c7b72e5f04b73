// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IntegerSpatial} from "../../src/libraries/IntegerSpatial.sol";
import {PositionalMerkle} from "../../src/libraries/PositionalMerkle.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {IntegerSpatialHarness} from "./utils/IntegerSpatialHarness.sol";
import {SpatialGameTestBase} from "./utils/SpatialGameTestBase.sol";
import {KIND_ADD, KIND_AVGPOOL, KIND_CONV, KIND_MAXPOOL, SpatialLayer, SpatialModel} from "./utils/SpatialModel.sol";

/// @notice The shared spatial vectors that the model toolchain writes (model/scripts/gen-vectors.ts,
/// checked there against its TypeScript executor and onnxruntime-node; the format is in
/// docs/model-format.md): the Solidity executor (fast and reference) and the commitments must agree
/// with every step bit for bit, every element of every output, and one element of every step must
/// win a real dispute for an honest provider. Skipped while contracts/test/vectors/spatial.json
/// does not exist.
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

    function _uint(string memory json, uint256 i, string memory field) internal pure returns (uint256) {
        return vm.parseJsonUint(json, _key(i, field));
    }

    function _step(string memory json, uint256 i) internal pure returns (Step memory st) {
        string memory kind = vm.parseJsonString(json, _key(i, "kind"));
        SpatialLayer memory L = st.layer;
        bytes32 k = keccak256(bytes(kind));
        if (k == keccak256("conv2d")) {
            L.kind = KIND_CONV;
            L.C = uint16(_uint(json, i, "Cin"));
            L.Cout = uint16(_uint(json, i, "Cout"));
            L.pad = uint8(_uint(json, i, "pad"));
            L.M = uint32(_uint(json, i, "M"));
            L.weights = vm.parseJsonBytes(json, _key(i, "weights"));
            int256[] memory bias = vm.parseJsonIntArray(json, _key(i, "bias"));
            L.bias = new int32[](bias.length);
            for (uint256 j; j < bias.length; ++j) {
                L.bias[j] = int32(bias[j]);
            }
            assertEq(L.bias.length, L.Cout, "bias length");
        } else if (k == keccak256("maxpool") || k == keccak256("avgpool")) {
            L.kind = k == keccak256("maxpool") ? KIND_MAXPOOL : KIND_AVGPOOL;
            L.C = uint16(_uint(json, i, "C"));
        } else if (k == keccak256("add")) {
            L.kind = KIND_ADD;
            L.C = uint16(_uint(json, i, "C"));
            L.skip = uint16(_uint(json, i, "skip"));
            L.Ma = uint32(_uint(json, i, "Ma"));
            L.Mb = uint32(_uint(json, i, "Mb"));
            st.x2 = vm.parseJsonBytes(json, _key(i, "x2"));
        } else {
            revert(string.concat("spatial.json: step ", vm.toString(i), " has an unknown kind: ", kind));
        }
        L.H = uint16(_uint(json, i, "H"));
        L.W = uint16(_uint(json, i, "W"));
        if (L.kind != KIND_ADD) {
            L.kh = uint8(_uint(json, i, "kh"));
            L.kw = uint8(_uint(json, i, "kw"));
            L.stride = uint8(_uint(json, i, "stride"));
        }
        if (L.kind == KIND_CONV || L.kind == KIND_ADD) {
            L.s = uint8(_uint(json, i, "s"));
            L.relu = vm.parseJsonBool(json, _key(i, "relu"));
        }
        st.x = vm.parseJsonBytes(json, _key(i, "x"));
        st.y = vm.parseJsonBytes(json, _key(i, "y"));
        assertEq(st.x.length, SpatialModel.inputSize(L), "x length");
        assertEq(st.y.length, SpatialModel.outputSize(L), "y length");
        if (L.kind == KIND_CONV) assertEq(L.weights.length, uint256(L.Cout) * L.C * L.kh * L.kw, "weights length");
        if (L.kind == KIND_ADD) assertEq(st.x2.length, st.x.length, "x2 length");
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
}
