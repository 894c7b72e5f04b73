// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";

/// @notice The collateral a job fixes at post: max(ceil(maxPrice * ratio / 1e18), floor, asked).
contract MarketCollateralFuzzTest is Fixture {
    function _postWith(uint256 maxPrice, uint256 minCollateral) internal returns (uint256 collateral) {
        IJobMarket.JobRequest memory r = _requestWith(maxPrice, address(0), 0, false);
        r.minCollateral = minCollateral;
        usd.mint(requester, maxPrice);
        collateral = sys.market.getJob(_post(r)).collateral;
    }

    function _setRatio(uint256 ratio) internal {
        vm.prank(admin);
        sys.params.setCollateralRatio(ratio);
    }

    function testFuzz_postJob_collateralIsNeverBelowTheFloors(uint256 maxPrice, uint256 ratio, uint256 asked) public {
        maxPrice = bound(maxPrice, 1, 1e15); // up to a billion tUSD
        ratio = bound(ratio, 1, 1e32);
        asked = bound(asked, 0, 1e27);
        _setRatio(ratio);
        uint256 expected = _collateralFor(maxPrice, asked);
        if (expected > type(uint96).max) {
            IJobMarket.JobRequest memory r = _requestWith(maxPrice, address(0), 0, false);
            r.minCollateral = asked;
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCollateralTooLarge.selector, expected));
            vm.prank(requester);
            sys.market.postJob(r, INPUT);
            return;
        }
        uint256 c = _postWith(maxPrice, asked);
        assertGe(c, sys.params.minJobCollateral(), "governance floor");
        assertGe(c, asked, "the requester's assurance level");
        assertGe(c * 1e18, maxPrice * ratio, "the escrow times the ratio");
        assertEq(c, _collateralFor(maxPrice, asked), "exactly the formula");
    }

    function testFuzz_postJob_collateralIsMonotoneInMaxPrice(uint256 a, uint256 b, uint256 ratio, uint256 asked)
        public
    {
        a = bound(a, 1, 1e15);
        b = bound(b, a, 1e15);
        ratio = bound(ratio, 1, 1e31); // so that 1e15 * ratio / 1e18 fits the collateral's 96 bits
        asked = bound(asked, 0, 1e24);
        _setRatio(ratio);
        assertLe(_postWith(a, asked), _postWith(b, asked));
    }

    /// @dev The bid no longer sizes the collateral: any winning price locks the same amount.
    function testFuzz_revealBid_collateralDoesNotDependOnTheBid(uint256 price) public {
        price = bound(price, _bidFloor(MAX_PRICE), MAX_PRICE);
        uint256 jobId = _assigned(alice, price);
        assertEq(sys.market.getJob(jobId).collateral, _collateral());
        _assertStake(alice, STAKE, _collateral(), 0, 0);
    }

    function test_postJob_requestedCollateralAboveThePriceIsHonoured() public {
        uint256 c = _postWith(MAX_PRICE, 5000e18);
        assertEq(c, 5000e18);
    }
}
