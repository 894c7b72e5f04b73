// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ModelsBase} from "./ModelsBase.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";

contract ModelsIoShapeTest is ModelsBase {
    function test_ioShape_returnsKindLayersAndTheInputAndOutputWidths() public {
        uint32[] memory ws = new uint32[](4);
        (ws[0], ws[1], ws[2], ws[3]) = (784, 64, 32, 10);
        uint256 id = _register(pub2, _spec("mnist", ModelKind.IntegerDense, ws, keccak256("w")));
        (ModelKind kind, uint256 layers, uint256 inputWidth, uint256 outputWidth) = sys.models.ioShape(id);
        assertEq(uint8(kind), uint8(ModelKind.IntegerDense));
        assertEq(layers, 3);
        assertEq(inputWidth, 784);
        assertEq(outputWidth, 10);
        (ModelKind traceKind, uint256 traceLayers) = sys.models.traceShape(id);
        assertEq(uint8(traceKind), uint8(kind), "agrees with traceShape");
        assertEq(traceLayers, layers);
    }

    function test_ioShape_floatModel() public {
        uint32[] memory ws = new uint32[](2);
        (ws[0], ws[1]) = (3, 5);
        uint256 id = _register(pub2, _spec("float", ModelKind.Float, ws, bytes32(0)));
        (ModelKind kind, uint256 layers, uint256 inputWidth, uint256 outputWidth) = sys.models.ioShape(id);
        assertEq(uint8(kind), uint8(ModelKind.Float));
        assertEq(layers, 1);
        assertEq(inputWidth, 3);
        assertEq(outputWidth, 5);
    }

    function test_ioShape_staysAfterRetirement() public {
        uint256 id = _register(pub2, _integerSpec("retired"));
        vm.prank(pub2);
        sys.models.retireModel(id);
        (, uint256 layers, uint256 inputWidth, uint256 outputWidth) = sys.models.ioShape(id);
        assertEq(layers, 2);
        assertEq(inputWidth, 16);
        assertEq(outputWidth, 16);
    }

    /// @dev The market calls it on every post and submit: one storage slot (one cold read).
    function test_ioShape_readsOneSlot() public {
        uint256 id = _register(pub2, _integerSpec("one-slot"));
        vm.record();
        sys.models.ioShape(id);
        (bytes32[] memory reads,) = vm.accesses(address(sys.models));
        assertGt(reads.length, 0);
        for (uint256 i; i < reads.length; ++i) {
            assertEq(reads[i], reads[0], "a single slot");
        }
    }

    function test_ioShape_RevertWhen_unknownModel() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryUnknownModel.selector, 99));
        sys.models.ioShape(99);
    }
}
