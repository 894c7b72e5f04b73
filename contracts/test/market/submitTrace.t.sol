// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {PositionalMerkle} from "../../src/libraries/PositionalMerkle.sol";

/// @notice The market commits the trace itself from the published hidden-layer hashes,
/// so that no provider can commit a root whose leaves no challenger can see.
contract MarketSubmitTraceTest is Fixture {
    function _model(ModelKind kind, uint256 layers, bytes32 artifact) internal returns (uint256 id) {
        sys.token.transfer(publisher, sys.params.modelRegistrationBond());
        uint32[] memory widths = new uint32[](layers + 1);
        for (uint256 i; i <= layers; ++i) {
            widths[i] = 8;
        }
        widths[layers] = uint32(OUTPUT.length); // the output the fixture submits
        vm.prank(publisher);
        id = sys.models
            .registerModel(
                IModelRegistry.ModelSpec({
                    artifactHash: artifact,
                    uri: "ipfs://m",
                    kind: kind,
                    widths: widths,
                    weightCommitment: kind == ModelKind.IntegerDense ? keccak256("w") : bytes32(0),
                    computeUnits: 64
                })
            );
    }

    function _assignedFor(uint256 model) internal returns (uint256 jobId) {
        IJobMarket.JobRequest memory r = _request();
        r.modelId = model;
        jobId = _post(r);
        _commit(jobId, alice, 50e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 50e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
    }

    function _hashes(uint256 n) internal pure returns (bytes32[] memory h) {
        h = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            h[i] = keccak256(abi.encode("h", i + 1));
        }
    }

    function test_submitResult_commitsTheMerkleRootOfFiveHiddenLayers() public {
        uint256 jobId = _assignedFor(_model(ModelKind.IntegerDense, 6, "six"));
        bytes32[] memory h = _hashes(5);
        // Padded to 8 leaves with zeros, positional pairs (docs/model-format.md).
        bytes32 expected = keccak256(
            abi.encodePacked(
                keccak256(
                    abi.encodePacked(keccak256(abi.encodePacked(h[0], h[1])), keccak256(abi.encodePacked(h[2], h[3])))
                ),
                keccak256(
                    abi.encodePacked(
                        keccak256(abi.encodePacked(h[4], bytes32(0))),
                        keccak256(abi.encodePacked(bytes32(0), bytes32(0)))
                    )
                )
            )
        );
        assertEq(PositionalMerkle.rootOf(h), expected);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, h);
        assertEq(sys.market.getJob(jobId).resultHash, keccak256(abi.encodePacked(keccak256(OUTPUT), expected)));
    }

    function test_submitResult_oneLayerModelHasAnEmptyTrace() public {
        uint256 jobId = _assignedFor(_model(ModelKind.IntegerDense, 1, "one"));
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, new bytes32[](0));
        assertEq(sys.market.getJob(jobId).resultHash, keccak256(abi.encodePacked(keccak256(OUTPUT), bytes32(0))));
    }

    function test_submitResult_RevertWhen_integerTraceTooShort() public {
        uint256 jobId = _assignedFor(_model(ModelKind.IntegerDense, 4, "four"));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadTrace.selector, jobId, 2, 3));
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _hashes(2));
    }

    function test_submitResult_RevertWhen_integerTraceTooLong() public {
        uint256 jobId = _assigned(alice, 60e6); // the fixture's model: two layers, one hidden hash
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadTrace.selector, jobId, 2, 1));
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _hashes(2));
    }

    function test_submitResultUri_RevertWhen_floatModelGivesATrace() public {
        uint256 jobId = _assignedFor(_model(ModelKind.Float, 3, "float"));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadTrace.selector, jobId, 1, 0));
        vm.prank(alice);
        sys.market.submitResultUri(jobId, "ipfs://o", keccak256("o"), _hashes(1));
    }

    function test_submitResult_floatModelHasNoTrace() public {
        uint256 jobId = _assignedFor(_model(ModelKind.Float, 3, "float"));
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, new bytes32[](0));
        assertEq(sys.market.getJob(jobId).resultHash, keccak256(abi.encodePacked(keccak256(OUTPUT), bytes32(0))));
    }
}
