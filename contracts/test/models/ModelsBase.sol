// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";

abstract contract ModelsBase is Fixture {
    address internal pub2 = makeAddr("pub2");

    function setUp() public virtual override {
        super.setUp();
        sys.token.transfer(pub2, 1000e18);
        vm.prank(pub2);
        sys.token.approve(address(sys.models), type(uint256).max);
    }

    function _widths(uint256 n, uint32 w) internal pure returns (uint32[] memory ws) {
        ws = new uint32[](n);
        for (uint256 i; i < n; ++i) {
            ws[i] = w;
        }
    }

    function _spec(bytes32 artifact, ModelKind kind, uint32[] memory widths, bytes32 commitment)
        internal
        pure
        returns (IModelRegistry.ModelSpec memory)
    {
        return IModelRegistry.ModelSpec({
            artifactHash: artifact,
            uri: "ipfs://m",
            kind: kind,
            widths: widths,
            weightCommitment: commitment,
            computeUnits: 4096
        });
    }

    function _integerSpec(bytes32 artifact) internal pure returns (IModelRegistry.ModelSpec memory) {
        return _spec(artifact, ModelKind.IntegerDense, _widths(3, 16), keccak256("w"));
    }

    function _register(address who, IModelRegistry.ModelSpec memory spec) internal returns (uint256) {
        vm.prank(who);
        return sys.models.registerModel(spec);
    }
}
