// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ModelsBase} from "./ModelsBase.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";

contract ModelsRegisterModelTest is ModelsBase {
    function test_registerModel_integerModelStoresEverythingAndPullsTheBond() public {
        uint32[] memory widths = new uint32[](4);
        (widths[0], widths[1], widths[2], widths[3]) = (784, 64, 32, 10);
        IModelRegistry.ModelSpec memory spec =
            _spec(keccak256("mnist"), ModelKind.IntegerDense, widths, keccak256("weights"));
        uint256 bond = sys.params.modelRegistrationBond();
        uint256 pubBefore = sys.token.balanceOf(pub2);
        uint256 regBefore = sys.token.balanceOf(address(sys.models));
        uint256 expectedId = sys.models.modelCount() + 1;

        vm.expectEmit(true, true, true, true, address(sys.models));
        emit IModelRegistry.ModelRegistered(
            expectedId,
            pub2,
            keccak256("mnist"),
            ModelKind.IntegerDense,
            "ipfs://m",
            widths,
            keccak256("weights"),
            4096,
            bond
        );
        uint256 id = _register(pub2, spec);
        vm.snapshotGasLastCall("models", "registerModel");

        assertEq(id, expectedId);
        assertEq(sys.models.modelCount(), expectedId);
        assertEq(sys.models.modelIdOf(keccak256("mnist")), id);
        assertTrue(sys.models.isActive(id));
        IModelRegistry.Model memory m = sys.models.getModel(id);
        assertEq(m.publisher, pub2);
        assertEq(uint8(m.kind), uint8(ModelKind.IntegerDense));
        assertEq(m.layerCount, 3);
        assertTrue(m.active);
        assertEq(m.computeUnits, 4096);
        assertEq(m.artifactHash, keccak256("mnist"));
        assertEq(m.weightCommitment, keccak256("weights"));
        assertEq(m.bond, bond);
        assertEq(sys.token.balanceOf(pub2), pubBefore - bond);
        assertEq(sys.token.balanceOf(address(sys.models)), regBefore + bond);
    }

    function test_registerModel_floatModelHasNoCommitment() public {
        uint256 id = _register(pub2, _spec(keccak256("f"), ModelKind.Float, _widths(2, 8), bytes32(0)));
        IModelRegistry.Model memory m = sys.models.getModel(id);
        assertEq(uint8(m.kind), uint8(ModelKind.Float));
        assertEq(m.weightCommitment, bytes32(0));
        assertEq(m.layerCount, 1);
    }

    function test_registerModel_withoutBondPullsNothing() public {
        vm.prank(admin);
        sys.params.setModelRegistrationBond(0);
        address broke = makeAddr("broke");
        uint256 id = _register(broke, _integerSpec(keccak256("free")));
        assertEq(sys.models.getModel(id).bond, 0);
        assertTrue(sys.models.isActive(id));
    }

    function test_registerModel_acceptsTheLargestShapes() public {
        uint256 id =
            _register(pub2, _spec(keccak256("big"), ModelKind.IntegerDense, _widths(257, 32_768), keccak256("w")));
        assertEq(sys.models.getModel(id).layerCount, 256);
    }

    function test_registerModel_RevertWhen_zeroArtifact() public {
        vm.expectRevert(IModelRegistry.ModelRegistryZeroArtifact.selector);
        _register(pub2, _integerSpec(bytes32(0)));
    }

    function test_registerModel_RevertWhen_duplicateArtifact() public {
        uint256 id = _register(pub2, _integerSpec(keccak256("dup")));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryDuplicate.selector, keccak256("dup"), id));
        _register(publisher, _integerSpec(keccak256("dup")));
    }

    function test_registerModel_RevertWhen_duplicateOfARetiredModel() public {
        uint256 id = _register(pub2, _integerSpec(keccak256("dup")));
        vm.prank(pub2);
        sys.models.retireModel(id);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryDuplicate.selector, keccak256("dup"), id));
        _register(pub2, _integerSpec(keccak256("dup")));
    }

    function test_registerModel_RevertWhen_noWidths() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryBadShapes.selector, 0, 0));
        _register(pub2, _spec(keccak256("a"), ModelKind.IntegerDense, new uint32[](0), keccak256("w")));
    }

    function test_registerModel_RevertWhen_onlyAnInputWidth() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryBadShapes.selector, 0, 1));
        _register(pub2, _spec(keccak256("a"), ModelKind.IntegerDense, _widths(1, 8), keccak256("w")));
    }

    function test_registerModel_RevertWhen_tooManyLayers() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryBadShapes.selector, 257, 258));
        _register(pub2, _spec(keccak256("a"), ModelKind.IntegerDense, _widths(258, 8), keccak256("w")));
    }

    function test_registerModel_RevertWhen_aWidthIsZero() public {
        uint32[] memory ws = _widths(3, 8);
        ws[1] = 0;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryBadShapes.selector, 2, 3));
        _register(pub2, _spec(keccak256("a"), ModelKind.IntegerDense, ws, keccak256("w")));
    }

    function test_registerModel_RevertWhen_aWidthIsAboveTheMaximum() public {
        uint32[] memory ws = _widths(3, 8);
        ws[2] = 32_769;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryBadShapes.selector, 2, 3));
        _register(pub2, _spec(keccak256("a"), ModelKind.IntegerDense, ws, keccak256("w")));
    }

    function test_registerModel_RevertWhen_integerModelHasNoCommitment() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.ModelRegistryBadCommitment.selector, ModelKind.IntegerDense, bytes32(0)
            )
        );
        _register(pub2, _spec(keccak256("a"), ModelKind.IntegerDense, _widths(2, 8), bytes32(0)));
    }

    /// @dev A float model cannot carry a weight commitment: nothing may suggest it can be proven on-chain.
    function test_registerModel_RevertWhen_floatModelHasACommitment() public {
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.ModelRegistryBadCommitment.selector, ModelKind.Float, keccak256("w"))
        );
        _register(pub2, _spec(keccak256("a"), ModelKind.Float, _widths(2, 8), keccak256("w")));
    }

    function test_registerModel_RevertWhen_bondNotApproved() public {
        address eve = makeAddr("eve");
        sys.token.transfer(eve, 100e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(sys.models), 0, 10e18)
        );
        _register(eve, _integerSpec(keccak256("a")));
    }

    function test_registerModel_RevertWhen_kindOutOfRange() public {
        IModelRegistry.ModelSpec memory spec = _integerSpec(keccak256("a"));
        bytes memory data = abi.encodeCall(sys.models.registerModel, (spec));
        // the kind is the third head word of the struct's tuple: patch it to 2
        uint256 kindOffset = 4 + 32 + 2 * 32;
        assembly {
            mstore(add(add(data, 0x20), kindOffset), 2)
        }
        vm.prank(pub2);
        (bool ok,) = address(sys.models).call(data);
        assertFalse(ok);
        assertEq(sys.models.modelIdOf(keccak256("a")), 0);
    }

    function testFuzz_registerModel_shapesAreAcceptedExactlyWhenValid(uint16 n, uint32 w) public {
        n = uint16(bound(n, 0, 300));
        w = uint32(bound(w, 0, 40_000));
        uint32[] memory ws = _widths(n, w);
        bool valid = n >= 2 && n <= 257 && w >= 1 && w <= 32_768;
        if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(IModelRegistry.ModelRegistryBadShapes.selector, n == 0 ? 0 : n - 1, n)
            );
        }
        uint256 id = _register(pub2, _spec(keccak256(abi.encode(n, w)), ModelKind.IntegerDense, ws, keccak256("w")));
        if (valid) assertEq(sys.models.getModel(id).layerCount, n - 1);
    }
}
