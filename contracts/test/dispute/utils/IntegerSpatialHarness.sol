// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IntegerSpatial} from "../../../src/libraries/IntegerSpatial.sol";

/// @notice Exposes IntegerSpatial with calldata arguments, as the game's one-step check calls it.
contract IntegerSpatialHarness {
    function convElement(
        bytes calldata x,
        IntegerSpatial.Conv memory c,
        bytes calldata filter,
        int256 bias,
        uint256 oy,
        uint256 ox
    ) external pure returns (int8) {
        return IntegerSpatial.convElement(x, c, filter, bias, oy, ox);
    }

    function convElementReference(
        bytes calldata x,
        IntegerSpatial.Conv memory c,
        bytes calldata filter,
        int256 bias,
        uint256 oy,
        uint256 ox
    ) external pure returns (int8) {
        return IntegerSpatial.convElementReference(x, c, filter, bias, oy, ox);
    }

    function maxPoolElement(bytes calldata x, IntegerSpatial.Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        external
        pure
        returns (int8)
    {
        return IntegerSpatial.maxPoolElement(x, p, ch, oy, ox);
    }

    function maxPoolElementReference(bytes calldata x, IntegerSpatial.Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        external
        pure
        returns (int8)
    {
        return IntegerSpatial.maxPoolElementReference(x, p, ch, oy, ox);
    }

    function avgPoolElement(bytes calldata x, IntegerSpatial.Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        external
        pure
        returns (int8)
    {
        return IntegerSpatial.avgPoolElement(x, p, ch, oy, ox);
    }

    function avgPoolElementReference(bytes calldata x, IntegerSpatial.Pool memory p, uint256 ch, uint256 oy, uint256 ox)
        external
        pure
        returns (int8)
    {
        return IntegerSpatial.avgPoolElementReference(x, p, ch, oy, ox);
    }

    function addElement(int8 a, int8 b, uint256 Ma, uint256 Mb, uint256 s, bool relu) external pure returns (int8) {
        return IntegerSpatial.addElement(a, b, Ma, Mb, s, relu);
    }

    function addElementReference(int8 a, int8 b, uint256 Ma, uint256 Mb, uint256 s, bool relu)
        external
        pure
        returns (int8)
    {
        return IntegerSpatial.addElementReference(a, b, Ma, Mb, s, relu);
    }
}
