// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {VerityToken} from "../../src/token/VerityToken.sol";
import {TestStablecoin} from "../../script/devnet/TestStablecoin.sol";

/// @notice The basics of VRT (fixed supply, permit, votes) and of the devnet stablecoin.
contract StakingVerityTokenTest is Test {
    VerityToken internal vrt;
    address internal holder;
    uint256 internal holderKey;
    address internal spender = makeAddr("spender");

    function setUp() public {
        (holder, holderKey) = makeAddrAndKey("holder");
        vrt = new VerityToken(holder, 1_000_000e18);
    }

    function test_constructor_mintsTheWholeSupplyOnce() public view {
        assertEq(vrt.name(), "Verity");
        assertEq(vrt.symbol(), "VRT");
        assertEq(vrt.decimals(), 18);
        assertEq(vrt.totalSupply(), 1_000_000e18);
        assertEq(vrt.balanceOf(holder), 1_000_000e18);
    }

    /// Staking packs stake, locked collateral and pool tokens in 96 bits; two of them summed must
    /// not wrap, so the supply is capped at deployment (RealGame.attacks.t.sol found it unbounded).
    function test_constructor_RevertWhen_supplyAbove96Bits() public {
        uint256 max96 = type(uint96).max;
        assertEq(new VerityToken(holder, max96).totalSupply(), max96);
        vm.expectRevert(abi.encodeWithSelector(ERC20Votes.ERC20ExceededSafeSupply.selector, max96 + 1, max96));
        new VerityToken(holder, max96 + 1);
    }

    function test_transfer_movesBalances() public {
        vm.prank(holder);
        assertTrue(vrt.transfer(spender, 5e18));
        assertEq(vrt.balanceOf(spender), 5e18);
        assertEq(vrt.balanceOf(holder), 1_000_000e18 - 5e18);
        assertEq(vrt.totalSupply(), 1_000_000e18);
    }

    function test_transfer_RevertWhen_balanceTooLow() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, spender, 0, 1));
        vm.prank(spender);
        vrt.transfer(holder, 1);
    }

    function test_permit_setsAllowanceFromASignature() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                holder,
                spender,
                7e18,
                0,
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", vrt.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, digest);
        vrt.permit(holder, spender, 7e18, deadline, v, r, s);
        assertEq(vrt.allowance(holder, spender), 7e18);
        assertEq(vrt.nonces(holder), 1);
        vm.expectRevert(); // replayed signature: the nonce moved on
        vrt.permit(holder, spender, 7e18, deadline, v, r, s);
    }

    function test_permit_RevertWhen_expired() public {
        uint256 deadline = block.timestamp - 1;
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        vrt.permit(holder, spender, 1, deadline, 27, bytes32(0), bytes32(0));
    }

    function test_delegate_votesFollowBalances() public {
        vm.roll(10);
        vm.prank(holder);
        vrt.delegate(holder);
        assertEq(vrt.getVotes(holder), 1_000_000e18);
        vm.roll(11);
        vm.prank(holder);
        vrt.transfer(spender, 100e18);
        vm.roll(12);
        assertEq(vrt.getVotes(holder), 1_000_000e18 - 100e18);
        assertEq(vrt.getPastVotes(holder, 10), 1_000_000e18);
        assertEq(vrt.getVotes(spender), 0, "undelegated balances do not vote");
        assertEq(vrt.getPastTotalSupply(11), 1_000_000e18);
    }

    function test_stablecoin_hasSixDecimalsAndAFaucet() public {
        TestStablecoin usd = new TestStablecoin();
        assertEq(usd.decimals(), 6);
        assertEq(usd.symbol(), "tUSD");
        usd.mint(spender, 5e6);
        assertEq(usd.balanceOf(spender), 5e6);
        assertEq(usd.totalSupply(), 5e6);
    }
}
