// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {DisputeGameDouble} from "../utils/mocks/DisputeGameDouble.sol";
import {DelegationPool} from "../../src/staking/DelegationPool.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";

/// @notice The protocol as deployed, plus `dave`, a provider with just the own stake a 1,000 VRT job
/// needs with delegation (its penalty floor: 20% at devnet's slash shares; so that delegation decides
/// what he can take on), funded delegators and helpers.
abstract contract DelegationBase is Fixture {
    DelegationPool internal pool;
    DisputeGameDouble internal game;

    /// @dev The own-stake floor of one 1,000 VRT job at devnet parameters (fraud slash 100%, challenger
    /// 50%, requester 30%: the treasury's 20% must come from own stake): dave's skin in the game.
    uint256 internal constant OWN = 200e18;
    uint256 internal constant FUNDS = 1_000_000e18;

    address internal dave;
    address internal d1 = makeAddr("delegator1");
    address internal d2 = makeAddr("delegator2");
    address internal d3 = makeAddr("delegator3");

    function setUp() public virtual override {
        super.setUp();
        pool = sys.delegationPool;
        game = _wireDisputeGame();
        dave = _newProvider("dave", OWN);
        _fund(d1);
        _fund(d2);
        _fund(d3);
    }

    function _fund(address who) internal {
        sys.token.transfer(who, FUNDS);
        vm.prank(who);
        sys.token.approve(address(pool), type(uint256).max);
    }

    function _delegate(address who, address provider, uint256 amount) internal returns (uint256 shares) {
        vm.prank(who);
        shares = pool.delegate(provider, amount);
    }

    function _undelegate(address who, address provider, uint256 shares) internal returns (uint256 amount) {
        vm.prank(who);
        amount = pool.undelegate(provider, shares);
    }

    function _sharesOf(address provider, address who) internal view returns (uint256) {
        return pool.delegationOf(provider, who).shares;
    }

    function _setShare(address provider, uint16 bps) internal {
        vm.prank(provider);
        pool.setDelegatorShare(bps);
    }

    /// @dev A job of `_request()` (1,000 VRT of collateral) won by `provider` at `price`, delivered
    /// and finalized; returns its id.
    function _paidJob(address provider, uint256 price) internal returns (uint256 jobId) {
        jobId = _submitted(provider, price);
        _finalize(jobId);
    }

    /// @dev A job won by `provider`, whose result is then proven wrong: the whole collateral
    /// (1,000 VRT) is slashed, 50% to the challenger, 30% to the requester, 20% to the treasury.
    function _convicted(address provider) internal returns (uint256 jobId) {
        jobId = _submitted(provider, MAX_PRICE / 2);
        game.open(jobId);
        game.resolve(jobId, false, challenger);
    }

    /// @dev Everything the pool owes in VRT for `provider`: active plus thawing tokens.
    function _poolTokens(address provider) internal view returns (uint256) {
        IDelegationPool.PoolInfo memory p = pool.poolOf(provider);
        return p.tokens + p.thawingTokens;
    }
}
