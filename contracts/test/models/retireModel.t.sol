// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ModelsBase} from "./ModelsBase.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";

contract ModelsRetireModelTest is ModelsBase {
    function test_retireModel_returnsTheBondPaidAtRegistration() public {
        uint256 id = _register(pub2, _integerSpec(keccak256("m")));
        uint256 paid = sys.models.getModel(id).bond;
        // a later change of the bond parameter does not change what comes back
        vm.prank(admin);
        sys.params.setModelRegistrationBond(500e18);
        uint256 pubBefore = sys.token.balanceOf(pub2);
        uint256 regBefore = sys.token.balanceOf(address(sys.models));

        vm.expectEmit(true, true, true, true, address(sys.models));
        emit IModelRegistry.ModelRetired(id, paid);
        vm.prank(pub2);
        sys.models.retireModel(id);
        vm.snapshotGasLastCall("models", "retireModel");

        assertFalse(sys.models.isActive(id));
        IModelRegistry.Model memory m = sys.models.getModel(id);
        assertFalse(m.active);
        assertEq(m.bond, 0);
        assertEq(m.publisher, pub2, "the record stays");
        assertEq(sys.token.balanceOf(pub2), pubBefore + paid);
        assertEq(sys.token.balanceOf(address(sys.models)), regBefore - paid);
    }

    function test_retireModel_withoutBondTransfersNothing() public {
        vm.prank(admin);
        sys.params.setModelRegistrationBond(0);
        uint256 id = _register(pub2, _integerSpec(keccak256("m")));
        uint256 before = sys.token.balanceOf(pub2);
        vm.prank(pub2);
        sys.models.retireModel(id);
        assertEq(sys.token.balanceOf(pub2), before);
        assertFalse(sys.models.isActive(id));
    }

    function test_retireModel_stopsNewJobsButNotJobsInFlight() public {
        uint256 jobId = _assigned(alice, 50e6);
        vm.prank(publisher);
        sys.models.retireModel(modelId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketModelInactive.selector, modelId));
        _post(_request());
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _finalize(jobId);
        assertEq(sys.market.claimable(alice), 50e6 - 50e6 / 100);
    }

    function test_retireModel_RevertWhen_notPublisher() public {
        uint256 id = _register(pub2, _integerSpec(keccak256("m")));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryNotPublisher.selector, id, pub2));
        vm.prank(publisher);
        sys.models.retireModel(id);
    }

    function test_retireModel_RevertWhen_alreadyRetired() public {
        uint256 id = _register(pub2, _integerSpec(keccak256("m")));
        vm.startPrank(pub2);
        sys.models.retireModel(id);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryRetired.selector, id));
        sys.models.retireModel(id);
        vm.stopPrank();
    }

    function test_retireModel_RevertWhen_unknownModel() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryUnknownModel.selector, 999));
        vm.prank(pub2);
        sys.models.retireModel(999);
    }

    function test_getModel_RevertWhen_unknownModel() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryUnknownModel.selector, 0));
        sys.models.getModel(0);
    }

    function test_isActive_falseForUnknownModels() public view {
        assertFalse(sys.models.isActive(0));
        assertFalse(sys.models.isActive(12345));
    }

    function test_constructor_setsTokenAndParameters() public view {
        assertEq(address(sys.models.bondToken()), address(sys.token));
        assertEq(address(sys.models.params()), address(sys.params));
        assertEq(sys.models.MAX_WIDTH(), 32_768);
        assertEq(sys.models.MAX_LAYERS(), 256);
    }
}
