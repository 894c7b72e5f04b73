// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";

/// @notice The bid floor's setter: the one Parameters setter no other test called (coverage found it).
contract ParametersSetMinBidBpsTest is Fixture {
    Parameters internal p;
    address internal stranger = makeAddr("stranger");

    function setUp() public override {
        super.setUp();
        p = sys.params;
    }

    function test_setMinBidBps_updatesAndEmits() public {
        uint256 old = p.minBidBps();
        vm.expectEmit(address(p));
        emit IParameters.ParameterChanged("minBidBps", old, 250);
        vm.prank(admin);
        p.setMinBidBps(250);
        assertEq(p.minBidBps(), 250);
    }

    function test_setMinBidBps_acceptsBothBounds() public {
        vm.startPrank(admin);
        p.setMinBidBps(uint16(p.MIN_BID_FLOOR_BPS()));
        assertEq(p.minBidBps(), p.MIN_BID_FLOOR_BPS());
        p.setMinBidBps(uint16(p.MIN_BID_CEILING_BPS()));
        assertEq(p.minBidBps(), p.MIN_BID_CEILING_BPS());
        vm.stopPrank();
    }

    /// @dev Zero would let a 1-wei bid win every auction and stall the job.
    function test_setMinBidBps_RevertWhen_zero() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersOutOfBounds.selector,
                bytes32("minBidBps"),
                0,
                p.MIN_BID_FLOOR_BPS(),
                p.MIN_BID_CEILING_BPS()
            )
        );
        vm.prank(admin);
        p.setMinBidBps(0);
    }

    /// @dev Above half of the maximum price the floor would be a fixed price, not an auction.
    function test_setMinBidBps_RevertWhen_aboveCeiling() public {
        uint256 v = p.MIN_BID_CEILING_BPS() + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersOutOfBounds.selector,
                bytes32("minBidBps"),
                v,
                p.MIN_BID_FLOOR_BPS(),
                p.MIN_BID_CEILING_BPS()
            )
        );
        vm.prank(admin);
        p.setMinBidBps(uint16(v));
    }

    function test_setMinBidBps_RevertWhen_callerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        p.setMinBidBps(250);
    }
}
